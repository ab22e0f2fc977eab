using System.Text.Json;

namespace Domains.Cli;

/// <summary>
/// Where the API is and the token to call it with: <c>--url</c>/<c>--token</c>, else <c>DOMAINS_URL</c>/<c>DOMAINS_TOKEN</c>,
/// else what <c>domainsctl login</c> saved (a file only its owner may read; tokens are short-lived).
/// </summary>
public sealed record Connection(Uri Url, string Token)
{
    public static string ConfigPath =>
        Environment.GetEnvironmentVariable("DOMAINSCTL_CONFIG")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "domainsctl", "config.json");

    public static Connection Resolve(ApiSettings settings)
    {
        var saved = Load();
        var url = settings.Url ?? Environment.GetEnvironmentVariable("DOMAINS_URL") ?? saved?.Url;
        var token = settings.Token ?? Environment.GetEnvironmentVariable("DOMAINS_TOKEN") ?? saved?.Token;
        if (string.IsNullOrEmpty(url)) throw CliException.Usage("no API address: pass --url, set DOMAINS_URL or run domainsctl login");
        if (string.IsNullOrEmpty(token)) throw CliException.Usage("no token: pass --token, set DOMAINS_TOKEN or run domainsctl login");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"'{url}' is not an http(s) address");
        }
        return new Connection(uri, token);
    }

    public void Save()
    {
        var path = ConfigPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            JsonSerializer.Serialize(file, new Saved(Url.ToString(), Token));
        }
    }

    private static Saved? Load()
    {
        var path = ConfigPath;
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Saved>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            throw CliException.Usage($"{path} is not a domainsctl login file; run domainsctl login again");
        }
    }

    private sealed record Saved(string Url, string Token);
}
