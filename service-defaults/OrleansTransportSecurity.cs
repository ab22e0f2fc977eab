using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Domains.ServiceDefaults;

/// <summary>
/// Mutual TLS on every Orleans connection: silo to silo, and API (an Orleans client) to a silo's gateway.
/// Without it anyone who reaches a silo or gateway port calls grains with whatever actor they write into
/// the call. Each end shows a certificate issued by this deployment's own CA (<c>Orleans:Tls:CaPath</c>),
/// and the peer's chain is built against that CA alone, never the machine's trust store, so a certificate
/// from any public CA is refused. A silo certificate carries both server and client authentication
/// (it accepts and opens connections); an API certificate carries client authentication only, so the
/// silo port, which admits silos alone, refuses an API's certificate while the gateway admits both.
/// </summary>
public static class OrleansTransportSecurity
{
    public const string Section = "Orleans:Tls";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Silo port and silo outbound connections: the peer must be a silo of this deployment.</summary>
    private static readonly string[] SiloPeer = [ServerAuthentication, ClientAuthentication];

    /// <summary>Gateway port: the peer is an Orleans client (the API) or a silo of this deployment.</summary>
    private static readonly string[] ClientPeer = [ClientAuthentication];

    /// <summary>
    /// Secures the silo's endpoints with the certificate the section names (<see cref="OrleansTlsSettings"/>).
    /// Production refuses to run without one; elsewhere an absent section leaves the transport plain.
    /// </summary>
    public static ISiloBuilder UseDomainsTls(this ISiloBuilder silo, IConfiguration configuration, bool isProduction)
    {
        if (Load(configuration.GetSection(Section), isProduction, "silo") is not { } tls) return silo;
        return silo.Configure<SiloConnectionOptions>(options =>
        {
            options.ConfigureSiloInboundConnection(connection => connection.UseServerTls(Options(tls, SiloPeer)));
            options.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(Options(tls, ClientPeer)));
            options.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(Options(tls, SiloPeer)));
        });
    }

    /// <summary>Connects to the gateways over mutual TLS with the certificate the section names.</summary>
    public static IClientBuilder UseDomainsTls(this IClientBuilder client, IConfigurationSection section, bool isProduction)
    {
        if (Load(section, isProduction, "API") is not { } tls) return client;
        return client.Configure<ClientConnectionOptions>(options =>
            options.ConfigureConnection(connection => connection.UseClientTls(Options(tls, SiloPeer))));
    }

    /// <summary>Whether <paramref name="peer"/> chains to one of <paramref name="authorities"/> and may act as <paramref name="usages"/>.</summary>
    public static bool IsPeerOfThisDeployment(X509Certificate2 peer, X509Chain? presented, X509Certificate2Collection authorities, IReadOnlyCollection<string> usages)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation list: a compromised certificate is retired by replacing the CA.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent; the trust anchor stays the configured CA whatever else is in there.
        foreach (var element in presented?.ChainElements.Skip(1) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (!chain.Build(peer)) return false;
        // No usage extension would mean any usage: a deployment's certificates say what they are for.
        var declared = peer.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>())
            .Select(oid => oid.Value).ToHashSet(StringComparer.Ordinal);
        return usages.All(declared.Contains);
    }

    private static TlsOptions Options(LoadedTls tls, string[] peerUsages) => new()
    {
        LocalCertificate = tls.Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        // The platform's verdict (chain to the machine store, host name) is replaced, not added to: the
        // deployment's CA is the only trust, and silos are reached by address, not by a name in the certificate.
        RemoteCertificateValidation = (certificate, chain, errors) =>
            !errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
            && IsPeerOfThisDeployment(certificate, chain, tls.Authorities, peerUsages),
    };

    private static LoadedTls? Load(IConfigurationSection section, bool isProduction, string host)
    {
        var settings = section.Get<OrleansTlsSettings>() ?? new OrleansTlsSettings();
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            if (!isProduction) return null;
            throw new InvalidOperationException(
                $"{section.Path}:CertificatePath and {section.Path}:CaPath must be set in Production: the {host} talks to the silos " +
                "over mutual TLS only (ops/deploy/README.md says how to make the certificates).");
        }
        if (string.IsNullOrWhiteSpace(settings.CaPath))
        {
            throw new InvalidOperationException($"{section.Path}:CaPath must name the PEM certificate of this deployment's CA.");
        }
        try
        {
            var certificate = LoadCertificate(settings);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{section.Path}:CertificatePath {settings.CertificatePath} holds no private key (set {section.Path}:KeyPath).");
            }
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(settings.CaPath);
            if (authorities.Count == 0) throw new InvalidOperationException($"{section.Path}:CaPath {settings.CaPath} holds no certificate.");
            return new LoadedTls(certificate, authorities);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"The Orleans TLS certificate of {section.Path} cannot be loaded: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 LoadCertificate(OrleansTlsSettings settings)
    {
        var path = settings.CertificatePath!;
        if (!string.IsNullOrWhiteSpace(settings.KeyPath))
        {
            // Loaded from PEM the key is ephemeral, which SslStream cannot use on every platform: round-trip it through PKCS#12.
            using var pem = X509Certificate2.CreateFromPemFile(path, settings.KeyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        var password = string.IsNullOrWhiteSpace(settings.PasswordFile) ? null : File.ReadAllText(settings.PasswordFile).TrimEnd('\r', '\n');
        return X509CertificateLoader.LoadPkcs12FromFile(path, password);
    }

    private sealed record LoadedTls(X509Certificate2 Certificate, X509Certificate2Collection Authorities);
}
