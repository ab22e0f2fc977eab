namespace Domains.ServiceDefaults;

/// <summary>
/// <c>Orleans:Tls</c>: this process's certificate for Orleans connections and the CA of the deployment.
/// Either a PEM certificate with its PEM key, or a PKCS#12 (PFX) file holding both.
/// </summary>
public sealed class OrleansTlsSettings
{
    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PKCS#12 file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate (mode 600).</summary>
    public string? KeyPath { get; set; }

    /// <summary>A file holding the PKCS#12 file's password, when it has one (kept off the environment and command lines).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The PEM certificate(s) of the CA that issues this deployment's silo and API certificates, and no others.</summary>
    public string? CaPath { get; set; }
}
