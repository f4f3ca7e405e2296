namespace DqPlatform.Domain.Checks;

/// <summary>Declared mildest first: PostgreSQL orders enum values by declaration, so ORDER BY severity DESC puts fatal first.</summary>
public enum CheckSeverity
{
    Warning,
    Error,
    Fatal,
}
