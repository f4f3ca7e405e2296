using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Common;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Checks;

namespace DqPlatform.Api.Checks;

/// <summary>
/// Defining and changing checks. The definition validates its spec against its check type; the source is asked
/// whether the target exists when it can answer. The spec is built from the input only once the objects it refers
/// to are found, so a refused input changes nothing and errors come in the order a client expects.
/// </summary>
public sealed class CheckCommands(CheckStore checks, CheckTargets targets, ICurrentCaller caller, IClock clock)
{
    public async Task<CheckDefinition> CreateAsync(Guid? connectionId, string shownConnectionId, Func<CheckSpec?, CheckSpec> spec, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var connection = (connectionId is { } id ? await checks.FindConnectionAsync(id, cancellationToken) : null)
            ?? throw new NotFoundException("Connection", shownConnectionId);
        var check = CheckDefinition.Define(connection.Id, spec(null));
        await targets.VerifyOnSaveAsync(check, connection, cancellationToken);
        await checks.AddAsync(check, cancellationToken);
        return check;
    }

    public async Task<CheckDefinition> UpdateAsync(Guid? checkId, string shownId, Func<CheckSpec?, CheckSpec> spec, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var check = (checkId is { } id ? await checks.FindAsync(id, cancellationToken) : null)
            ?? throw new NotFoundException("CheckDefinition", shownId);
        var changed = spec(check.Spec);
        var connection = (await checks.FindConnectionAsync(check.ConnectionId, cancellationToken))!;
        // Verified on a copy first: the tracked check changes only once the whole change is accepted.
        await targets.VerifyOnSaveAsync(CheckDefinition.Define(check.ConnectionId, changed), connection, cancellationToken);
        check.Update(changed, clock.UtcNow);
        await checks.SaveAsync(cancellationToken);
        return check;
    }
}
