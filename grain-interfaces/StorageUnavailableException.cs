namespace Domains.GrainInterfaces;

/// <summary>
/// The database did not answer; nothing was acknowledged. Silos raise it in place of the driver's own
/// exceptions, which cannot cross to the API (their types have no Orleans codec).
/// </summary>
[GenerateSerializer, Alias("domains.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
