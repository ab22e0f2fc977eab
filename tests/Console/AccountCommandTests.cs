using Domains.Tests.Fixtures;
using Domains.WebConsole.Accounts;
using Npgsql;

namespace Domains.Tests.Console;

/// <summary>
/// <c>ops/user</c>'s commands (the console's <c>user</c> verb) on a database of their own: the email an
/// account is given is checked as a unit contact's address; a reset keeps, sets or removes it; disable locks
/// the account for good and a reset opens it again.
/// </summary>
public sealed class AccountCommandTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private NpgsqlDataSource _console = null!;

    public Task InitializeAsync()
    {
        _database = PostgresServer.Instance.CreateDatabase("accounts");
        _console = NpgsqlDataSource.Create(_database.Console);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task Add_WithAnEmail_StoresIt_AndResetKeepsSetsOrRemovesIt()
    {
        var name = NewName();

        Assert.Equal(0, (await RunAsync("add", "--name", name, "--role", Roles.Supervisor, "--email", "zhang.wei@gov.example.cn")).Exit);

        var store = new AccountStore(_console);
        Assert.Equal("zhang.wei@gov.example.cn", (await store.FindAsync(name))!.Email);
        Assert.Equal(0, (await RunAsync("reset", "--name", name)).Exit);
        Assert.Equal("zhang.wei@gov.example.cn", (await store.FindAsync(name))!.Email);
        Assert.Equal(0, (await RunAsync("reset", "--name", name, "--email", "wei.zhang@gov.example.cn")).Exit);
        Assert.Equal("wei.zhang@gov.example.cn", (await store.FindAsync(name))!.Email);
        Assert.Equal(0, (await RunAsync("reset", "--name", name, "--no-email")).Exit);
        Assert.Null((await store.FindAsync(name))!.Email);
    }

    [Theory]
    [InlineData("li na@example.cn")]
    [InlineData("Li Na <li.na@example.cn>")]
    [InlineData("li.na@example.cn, wang@example.cn")]
    [InlineData("li.na@localhost")]
    [InlineData(" li.na@example.cn")]
    public async Task Add_WithAnInvalidEmail_IsAUsageError_AndMakesNoAccount(string email)
    {
        var name = NewName();

        var run = await RunAsync("add", "--name", name, "--role", Roles.Authority, "--email", email);

        Assert.Equal(2, run.Exit);
        Assert.Contains("--email must be one email address", run.Err, StringComparison.Ordinal);
        Assert.Null(await new AccountStore(_console).FindAsync(name));
    }

    [Fact]
    public async Task Disable_LocksTheAccountForGood_AndAResetOpensItAgain()
    {
        var name = NewName();
        Assert.Equal(0, (await RunAsync("add", "--name", name, "--role", Roles.Supervisor, "--email", "chen.jie@gov.example.cn")).Exit);
        var store = new AccountStore(_console);

        var disabled = await RunAsync("disable", "--name", name);

        Assert.Equal(0, disabled.Exit);
        Assert.True((await store.FindAsync(name))!.IsLockedAt(DateTimeOffset.UtcNow.AddYears(500)), "locked for good");
        Assert.Equal(2, (await RunAsync("disable", "--name", NewName())).Exit);
        Assert.Equal(0, (await RunAsync("reset", "--name", name)).Exit);
        var reset = (await store.FindAsync(name))!;
        Assert.False(reset.IsLockedAt(DateTimeOffset.UtcNow));
        Assert.Equal("chen.jie@gov.example.cn", reset.Email);
    }

    private static string NewName() => $"person-{Guid.NewGuid():N}"[..20];

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AccountCommands.RunAsync(args, _database.Console, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
