using Domains.ClientApi.Errors;

namespace Domains.ClientApi.OpenApi;

/// <summary>
/// The problem codes an endpoint answers beyond those every endpoint of its kind answers (which
/// <see cref="DomainsOpenApi"/> infers): the document lists each under its status.
/// </summary>
public sealed record ProblemCodesMetadata(IReadOnlyList<string> Codes);

public static class ProblemCodesExtensions
{
    /// <summary>Declares the endpoint's own problem codes, and so their statuses (<c>ProducesProblem</c>).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params string[] codes)
    {
        builder.WithMetadata(new ProblemCodesMetadata(codes));
        foreach (var status in codes.Select(code => ProblemMapping.For(code).Status).Distinct())
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }
}
