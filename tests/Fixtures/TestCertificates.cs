using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Domains.Tests.Fixtures;

/// <summary>
/// The Orleans transport certificates of the test run, made once in a temporary folder as <c>ops/run</c>
/// makes them for a local instance: a CA of the deployment, a silo certificate (server and client
/// authentication), an API certificate (client authentication); and a foreign CA with an API certificate
/// of its own, which every silo must refuse.
/// </summary>
public sealed class TestCertificates
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<TestCertificates> Shared = new(() => new TestCertificates());

    private TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("domains-tls-").FullName;
        using var ca = Authority("Domains test CA");
        using var foreignCa = Authority("Someone else's CA");
        CaPath = Write("ca", ca, withKey: false).Certificate;
        using var silo = Issue(ca, "domains-silo", ServerAuthentication, ClientAuthentication);
        using var api = Issue(ca, "domains-api", ClientAuthentication);
        using var foreignApi = Issue(foreignCa, "domains-api", ClientAuthentication);
        using var foreignSilo = Issue(foreignCa, "domains-silo", ServerAuthentication, ClientAuthentication);
        Silo = Write("silo", silo);
        Api = Write("api", api);
        ForeignApi = Write("foreign-api", foreignApi);
        ForeignSilo = Write("foreign-silo", foreignSilo);
    }

    public static TestCertificates Instance => Shared.Value;

    public string Folder { get; }

    public string CaPath { get; }

    public (string Certificate, string Key) Silo { get; }

    public (string Certificate, string Key) Api { get; }

    public (string Certificate, string Key) ForeignApi { get; }

    public (string Certificate, string Key) ForeignSilo { get; }

    /// <summary><c>Orleans:Tls</c> settings (under <paramref name="section"/>) for a process showing <paramref name="pair"/>.</summary>
    public Dictionary<string, string?> Settings((string Certificate, string Key) pair, string section = "Orleans:Tls") => new()
    {
        [$"{section}:CertificatePath"] = pair.Certificate,
        [$"{section}:KeyPath"] = pair.Key,
        [$"{section}:CaPath"] = CaPath,
    };

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages) oids.Add(new Oid(usage));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        subjectAlternativeNames.AddDnsName("localhost");
        subjectAlternativeNames.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(subjectAlternativeNames.Build());
        // Exactly the issuer's validity: a leaf may not outlive its CA, and the CA's NotAfter is cut to whole
        // seconds, so a fresh "now + 30 days" here could pass it by a second (seen in one run of five).
        using var issued = request.Create(ca, new DateTimeOffset(ca.NotBefore), new DateTimeOffset(ca.NotAfter), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private (string Certificate, string Key) Write(string name, X509Certificate2 certificate, bool withKey = true)
    {
        var certificatePath = Path.Combine(Folder, $"{name}.crt");
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        if (withKey) File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
