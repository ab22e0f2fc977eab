using System.Security.Cryptography;
using System.Text;

namespace Domains.Grains.Drivers.Postgres;

/// <summary>
/// The SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5802/7677, as libpq's PQencryptPasswordConn makes
/// it): what the driver sends instead of a password, so no clear password reaches the data server or its
/// statement log. The migrator compiles this file too, for the controller's logins.
/// </summary>
public static class ScramVerifier
{
    private const int Iterations = 4096;

    /// <param name="password">ASCII (SASLprep leaves it as it is).</param>
    public static string For(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
