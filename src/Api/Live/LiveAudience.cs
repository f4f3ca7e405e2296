namespace DqPlatform.Api.Live;

/// <summary>
/// Who shares a subscription group (<see cref="LiveCaller.Audience"/>): one workspace, one set of scopes, one principal
/// (a user, or a service key's principal), because some fields render what only their principal may see (a private
/// saved query behind a query's status).
/// </summary>
public sealed record LiveAudience(Guid WorkspaceId, string Scopes, Guid PrincipalId);
