namespace Domains.GrainInterfaces.Domains;

/// <summary>Where a domain is built (R8): province or city, or a county that built its own.</summary>
public enum DomainLevel
{
    Province = 1,
    City = 2,
    County = 3,
}
