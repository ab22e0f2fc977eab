using System.Security.Cryptography;
using Domains.WebConsole;
using Domains.WebConsole.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Orleans.TestingHost;

namespace Domains.Tests.Fixtures;

/// <summary>
/// The console against the whole stack: a cluster on real PostgreSQL, the API over HTTP, the console on
/// Kestrel (its accounts in the same database under <c>domains_console</c>), and Debian's Chromium driven
/// by Playwright (no browser download: <see cref="ChromiumPath"/>).
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>What every test account's password is, unless a test makes its own.</summary>
    public const string Password = "correct horse battery staple";

    private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);
    private ApiHost? _api;
    private WebApplication? _console;
    private IPlaywright? _playwright;

    public TestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public ApiClient Api { get; private set; } = null!;

    public Tokens Tokens { get; }

    public string ConsoleUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public IServiceProvider ConsoleServices => _console!.Services;

    public ConsoleFixture() => Tokens = new Tokens(_signingKey);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) throw new InvalidOperationException($"{ChromiumPath} is missing: ops/test installs Debian's chromium (apt-get install chromium fonts-noto-cjk).");
        Database = PostgresServer.Instance.CreateDatabase("console");
        Cluster = await TestClusters.StartAsync(Database, silos: 1);
        _api = await ApiHost.StartAsync(Database.Api, Cluster.Options.ClusterId, _signingKey);
        Api = new ApiClient(_api.Http, Tokens);
        _console = ConsoleApp.Build(["--contentRoot", System.IO.Path.Combine(RepoRoot.Path, "console")], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Console"] = Database.Console,
                ["Auth:SigningKey"] = Convert.ToBase64String(_signingKey),
                ["Console:ApiUrl"] = _api.Http.BaseAddress!.ToString().TrimEnd('/'),
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _console.StartAsync();
        ConsoleUrl = _console.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A local account of <paramref name="role"/> with <see cref="Password"/>, already changed from its one-time one.</summary>
    public async Task<string> AccountAsync(string role, string? unit = null, bool mustChange = false, string? password = null)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        var store = ConsoleServices.GetRequiredService<AccountStore>();
        var hasher = ConsoleServices.GetRequiredService<IPasswordHasher<Account>>();
        Assert.True(await store.AddAsync(name, role, unit, hasher.HashPassword(null!, password ?? Password), DateTimeOffset.UtcNow));
        if (!mustChange) await store.ChangePasswordAsync(name, hasher.HashPassword(null!, password ?? Password), DateTimeOffset.UtcNow);
        return name;
    }

    /// <summary>A fresh browser context (its own cookies), Chinese by default, the API's CSP bypassed for axe's script.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ConsoleUrl,
            BypassCSP = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task<IPage> SignedInAsync(string role, string? unit = null)
    {
        var name = await AccountAsync(role, unit);
        var page = await NewPageAsync();
        await SignInAsync(page, name, Password);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("header .who")).ToContainTextAsync(name);
        return page;
    }

    public static async Task SignInAsync(IPage page, string name, string password)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal)) await page.GotoAsync("/account/login");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_console is not null) await _console.DisposeAsync();
        if (_api is not null) await _api.DisposeAsync();
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
