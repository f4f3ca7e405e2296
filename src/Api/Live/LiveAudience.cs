namespace DqPlatform.Api.Live;

/// <summary>Who shares a subscription group (<see cref="LiveCaller.Audience"/>): one workspace, one set of scopes.</summary>
public sealed record LiveAudience(Guid WorkspaceId, string Scopes);
