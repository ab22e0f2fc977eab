using Domains.GrainInterfaces.Deadlines;

namespace Domains.GrainInterfaces.Domains;

/// <summary>An operation domain (key: its chosen id).</summary>
[Alias("domains.IDomainGrain")]
public interface IDomainGrain : IDeadlineTarget
{
    /// <summary>Creates the domain (<c>Created</c> = true) or updates its registered facts.</summary>
    [Alias("Register")]
    Task<CommandResult<DomainView>> RegisterAsync(DomainDefinition definition, CommandContext context);

    [Alias("ReportBuilt")]
    Task<CommandResult<DomainView>> ReportBuiltAsync(CommandContext context);

    [Alias("Accept")]
    Task<CommandResult<DomainView>> AcceptAsync(string inspectionRef, CommandContext context);

    [Alias("Suspend")]
    Task<CommandResult<DomainView>> SuspendAsync(CommandContext context);

    [Alias("Resume")]
    Task<CommandResult<DomainView>> ResumeAsync(CommandContext context);

    [Alias("Retire")]
    Task<CommandResult<DomainView>> RetireAsync(CommandContext context);

    /// <summary>Whether workspaces in it may be accessed (the access path asks this on every decision).</summary>
    [Alias("IsOperational"), Orleans.Concurrency.ReadOnly]
    Task<bool> IsOperationalAsync();

    /// <summary>The domain, or <c>null</c> when it was never registered.</summary>
    [Alias("Get")]
    Task<DomainView?> GetAsync();
}
