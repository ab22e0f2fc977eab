namespace Domains.Grains.Usage;

/// <summary>A purge of usage records asked for before their retention ended: refused, nothing deleted.</summary>
public sealed class RetentionNotOverException(string role, DateTimeOffset? until)
    : InvalidOperationException($"The usage log of {role} is retained until {until:O}; nothing was purged.");
