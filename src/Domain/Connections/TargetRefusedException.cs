using DqPlatform.Domain.Common;

namespace DqPlatform.Domain.Connections;

/// <summary>
/// A connection or delivery would reach a place a tenant may not: the platform's own database, Redis or API, or an
/// address the network policy denies. Nothing was sent there.
/// </summary>
public sealed class TargetRefusedException(string message) : DomainException("FORBIDDEN", message);
