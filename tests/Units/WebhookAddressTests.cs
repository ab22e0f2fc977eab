using System.Net;
using Domains.ClientApi.Http;
using Domains.GrainInterfaces.Webhooks;
using Domains.Grains.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.FileProviders;

namespace Domains.Tests.Units;

/// <summary>Which addresses a notice webhook may reach, and which URLs the API accepts under each policy.</summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.1")]
    [InlineData("192.0.2.10")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2001::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2002:a00:1::1")]
    [InlineData("100::1")]
    public void InternalOrReservedAddress_IsNotPublic(string address)
    {
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001:81c::200e")]
    public void PublicUnicastAddress_IsPublic(string address)
    {
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("api.localhost", true)]
    [InlineData("localhost.example.org", false)]
    [InlineData("hooks.example.org", false)]
    public void LocalName_IsRecognised(string host, bool local)
    {
        Assert.Equal(local, WebhookAddresses.IsLocalName(host));
    }

    [Theory]
    [InlineData("http://hooks.example.org/x", "https")]
    [InlineData("https://127.0.0.1/x", "loopback")]
    [InlineData("https://localhost:8443/x", "loopback")]
    [InlineData("https://[::1]/x", "loopback")]
    [InlineData("https://[::ffff:10.0.0.1]/x", "loopback")]
    [InlineData("https://10.1.2.3/x", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "loopback")]
    [InlineData("https://[fd00:ec2::254]/", "loopback")]
    public void Url_UnderTheDefaultPolicyOutsideDevelopment_IsRefused(string url, string reason)
    {
        var refusal = new WebhookUrlOptions().Refusal(url, development: false);

        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal);
    }

    [Theory]
    [InlineData("https://hooks.example.org/x")]
    [InlineData("https://93.184.216.34:8443/x")]
    [InlineData("https://[2606:4700:4700::1111]/x")]
    public void PublicHttpsUrl_IsAccepted(string url)
    {
        Assert.Null(new WebhookUrlOptions().Refusal(url, development: false));
    }

    [Theory]
    [InlineData(null, null, true, true, true)]
    [InlineData(null, null, false, false, false)]
    [InlineData(true, null, false, true, false)]
    [InlineData(null, true, false, false, true)]
    [InlineData(false, false, true, false, false)]
    public void Policy_FollowsItsSettings_AndWhenUnset_TheDevelopmentEnvironment(
        bool? allowHttp, bool? allowPrivate, bool development, bool expectHttp, bool expectPrivate)
    {
        var options = new WebhookOptions { AllowHttp = allowHttp, AllowPrivateAddresses = allowPrivate };
        var environment = new Environment(development ? Environments.Development : Environments.Production);

        var policy = WebhookUrlPolicy.From(options, environment);
        var api = new WebhookUrlOptions { AllowHttp = allowHttp, AllowPrivateAddresses = allowPrivate };

        Assert.Equal(new WebhookUrlPolicy(expectHttp, expectPrivate), policy);
        Assert.Equal(expectHttp, api.Refusal("http://hooks.example.org/x", development) is null);
        Assert.Equal(expectPrivate, api.Refusal("https://10.0.0.1/x", development) is null);
    }

    [Fact]
    public void Policy_WithoutAHostEnvironment_RefusesBoth()
    {
        Assert.Equal(new WebhookUrlPolicy(false, false), WebhookUrlPolicy.From(new WebhookOptions(), null));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
