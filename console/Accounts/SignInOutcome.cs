namespace Domains.WebConsole.Accounts;

public enum SignInOutcome
{
    SignedIn = 1,
    MustChangePassword = 2,
    WrongNameOrPassword = 3,
    LockedOut = 4,
}
