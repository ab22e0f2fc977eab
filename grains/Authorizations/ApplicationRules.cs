using Domains.GrainInterfaces;
using Domains.GrainInterfaces.Authorizations;

namespace Domains.Grains.Authorizations;

/// <summary>R3 and R4 as pure checks of an application at an instant: the first failure, or none.</summary>
public static class ApplicationRules
{
    public const int MaxTermMonths = 36;

    /// <summary>The audit and financial reports must be issued within this many months (R3).</summary>
    public const int MaterialMaxAgeMonths = 12;

    public static DomainError? Check(Application application, DateTimeOffset now)
    {
        var materials = new (string Name, Material? Material, bool Dated)[]
        {
            ("applicationForm", application.Materials.ApplicationForm, false),
            ("auditReport", application.Materials.AuditReport, true),
            ("financialReport", application.Materials.FinancialReport, true),
            ("securityCommitment", application.Materials.SecurityCommitment, false),
            ("riskSelfAssessment", application.Materials.RiskSelfAssessment, false),
        };
        foreach (var (name, material, _) in materials)
        {
            if (material is null || string.IsNullOrWhiteSpace(material.Ref))
            {
                return new DomainError(ErrorCodes.MaterialMissing, $"The material '{name}' is missing.",
                    Errors: new Dictionary<string, string[]> { [$"materials.{name}"] = ["is missing"] });
            }
            if (material.IssuedAt > now)
            {
                return DomainError.Validation($"materials.{name}.issuedAt", "is in the future");
            }
        }
        foreach (var (name, material, dated) in materials)
        {
            if (dated && material!.IssuedAt < now.AddMonths(-MaterialMaxAgeMonths))
            {
                return new DomainError(ErrorCodes.MaterialOutdated,
                    $"The material '{name}' was issued more than {MaterialMaxAgeMonths} months ago.",
                    Errors: new Dictionary<string, string[]> { [$"materials.{name}"] = ["is outdated"] });
            }
        }

        if (application.RequestedTermMonths > MaxTermMonths)
        {
            return new DomainError(ErrorCodes.TermTooLong, $"The requested term is longer than {MaxTermMonths} months.");
        }
        if (application.RequestedTermMonths < 1)
        {
            return DomainError.Validation("requestedTermMonths", "must be at least 1");
        }
        if (application.Datasets.Count == 0)
        {
            return new DomainError(ErrorCodes.DatasetsRequired, "An application names at least one dataset (R4).");
        }
        if (application.Datasets.Any(d => string.IsNullOrWhiteSpace(d.Justification)))
        {
            return DomainError.Validation("datasets", "every dataset needs a justification (minimum necessary)");
        }
        if (application.Datasets.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() != application.Datasets.Count)
        {
            return DomainError.Validation("datasets", "a dataset is named twice");
        }
        return null;
    }

    /// <summary>R9: a term of at most 36 calendar months that ends after it starts and after now.</summary>
    public static DomainError? CheckTerm(Term term, DateTimeOffset now)
    {
        if (term.End <= term.Start) return DomainError.Validation("termEnd", "must be after termStart");
        if (term.End > term.Start.AddMonths(MaxTermMonths))
        {
            return new DomainError(ErrorCodes.TermTooLong, $"The term is longer than {MaxTermMonths} months.");
        }
        if (term.End <= now) return DomainError.Validation("termEnd", "is already past");
        return null;
    }
}
