using System.Reflection;
using Domains.ClientApi.Contracts;
using Domains.ClientApi.Http;
using GrainKinds = Domains.Grains.Notifications.NotificationKinds;

namespace Domains.Tests.Units;

public sealed class NotificationKindTests
{
    public static TheoryData<string> Produced()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(GrainKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            data.Add((string)field.GetRawConstantValue()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Produced))]
    public void Webhook_MaySubscribeTo_EveryKindTheGrainsProduce(string kind)
    {
        var validator = new Validator();

        new PutWebhookRequest("https://hooks.example.org/domains", [kind], new string('s', 32)).Validate(validator);

        Assert.True(validator.IsValid, string.Join("; ", validator.Errors.SelectMany(e => e.Value)));
    }

    [Theory]
    [InlineData("authorization-verified")]
    [InlineData("authorization-rejected")]
    [InlineData("authorization-approved")]
    [InlineData("authorization-activated")]
    [InlineData("authorization-reinstated")]
    [InlineData("authorization-terminated")]
    [InlineData("authorization-revoked")]
    [InlineData("correction-submitted")]
    public void Webhook_MaySubscribeTo_EachDecisionKind(string kind)
    {
        var validator = new Validator();

        new PutWebhookRequest("https://hooks.example.org/domains", [kind], new string('s', 32)).Validate(validator);

        Assert.True(validator.IsValid, string.Join("; ", validator.Errors.SelectMany(e => e.Value)));
    }
}
