namespace DqPlatform.Domain.Tenancy;

/// <summary>Who is calling now: set by the transport, read by everything that confines data to a tenant.</summary>
public interface ICurrentCaller
{
    /// <summary>The caller, or UNAUTHENTICATED; with a scope, FORBIDDEN when the key lacks it.</summary>
    Caller Require(string? scope = null);
}
