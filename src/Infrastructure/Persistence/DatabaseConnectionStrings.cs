namespace DqPlatform.Infrastructure.Persistence;

/// <summary>The resolved connection strings of the state (<c>dq</c>) and query-data (<c>data</c>) databases.</summary>
public sealed record DatabaseConnectionStrings(string Postgres, string Data);
