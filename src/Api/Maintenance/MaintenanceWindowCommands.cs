using DqPlatform.Domain.Common;
using DqPlatform.Domain.Notifications;
using DqPlatform.Domain.Notifications.Quiet;
using DqPlatform.Domain.Tenancy;
using DqPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DqPlatform.Api.Maintenance;

/// <summary>Declaring the times during which the workspace's notifications stay quiet.</summary>
public sealed class MaintenanceWindowCommands(WorkspaceData data, ICurrentCaller caller, IClock clock)
{
    /// <summary>What a person asks for: a name and scope, then either a recurring shape or a one-off range.</summary>
    public sealed record Definition(
        string Name, Guid? ConnectionId, string? ShownConnectionId, string? Tag,
        string? CronExpression, string? Timezone, int? DurationMinutes, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

    public async Task<MaintenanceWindow> CreateAsync(Definition definition, CancellationToken cancellationToken)
    {
        caller.Require(ApiKeyScopes.Write);
        var now = clock.UtcNow;
        var recurring = definition.CronExpression is not null || definition.DurationMinutes is not null;
        var oneOff = definition.StartsAt is not null || definition.EndsAt is not null;
        if (recurring == oneOff)
        {
            throw new ValidationException("Give either 'cronExpression' with 'durationMinutes' (recurring) or 'startsAt' with 'endsAt' (one-off).", recurring ? "startsAt" : "cronExpression");
        }

        var window = recurring
            ? MaintenanceWindow.Recurring(data.WorkspaceId, definition.Name, definition.ConnectionId, definition.Tag,
                definition.CronExpression ?? throw new ValidationException("A recurring window needs 'cronExpression'.", "cronExpression"),
                definition.Timezone, TimeSpan.FromMinutes(definition.DurationMinutes ?? throw new ValidationException("A recurring window needs 'durationMinutes'.", "durationMinutes")), now)
            : MaintenanceWindow.OneOff(data.WorkspaceId, definition.Name, definition.ConnectionId, definition.Tag,
                definition.StartsAt ?? throw new ValidationException("A one-off window needs 'startsAt'.", "startsAt"),
                definition.EndsAt ?? throw new ValidationException("A one-off window needs 'endsAt'.", "endsAt"), now);

        // Another workspace's connection reads as absent (NOT_FOUND), never as "not yours".
        if (definition.ConnectionId is { } connectionId && !await data.Connections.AnyAsync(c => c.Id == connectionId, cancellationToken))
        {
            throw new NotFoundException("Connection", definition.ShownConnectionId ?? connectionId.ToString());
        }

        await Infrastructure.Notifications.NotificationStore.AddWithinLimitAsync(data, data.MaintenanceWindows, window, "maintenance windows", NotificationLimits.MaxMaintenanceWindows, cancellationToken);
        return window;
    }
}
