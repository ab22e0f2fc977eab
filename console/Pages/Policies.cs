namespace Domains.WebConsole.Pages;

public static class Policies
{
    public const string Authority = "authority";
}
