using DqPlatform.Api.Schema;
using DqPlatform.Domain.Checks;
using DqPlatform.Domain.Events;
using DqPlatform.Domain.Notifications;
using DqPlatform.GraphQL.Relay;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace DqPlatform.Api.Notifications;

/// <summary>A routing rule; an empty criterion matches anything.</summary>
public sealed class NotificationRuleGraphType : NodeGraphType<NotificationRule>
{
    public NotificationRuleGraphType() : base(r => r.Id)
    {
        Description = "Which incident changes go to which channels. Rules are evaluated by position; a matching rule with stopHere ends the evaluation.";
        Field(r => r.Name);
        Field(r => r.Position).Description("0 is evaluated first.");
        Field(r => r.Enabled);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<IncidentChangeKind>>>>>("events").Resolve(c => c.Source.Events);
        Field<EnumerationGraphType<CheckSeverity>>("minSeverity").Resolve(c => c.Source.MinSeverity);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("connectionIds")
            .Resolve(c => c.Source.ConnectionIds.Select(id => GlobalId.Encode("Connection", id)).ToArray());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tables").Resolve(c => c.Source.Tables);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("checkTypes").Resolve(c => c.Source.CheckTypes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NotificationChannelGraphType>>>>("channels")
            .Description("The channels it sends to (a deleted channel drops out).")
            .Resolve(c =>
            {
                var loaders = c.Service<NotificationLoaders>();
                var loads = c.Source.ChannelIds.Select(loaders.Channel).ToList();
                return new DataLoaderResultList(loads);
            });
        Field(r => r.StopHere);
        Field(r => r.CreatedAt);
        Field(r => r.UpdatedAt);
    }

    // Several ids of one rule load together with every other rule's on the page.
    private sealed class DataLoaderResultList(List<IDataLoaderResult<NotificationChannel?>> loads) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var channels = new List<NotificationChannel>();
            foreach (var load in loads)
            {
                if (await load.GetResultAsync(cancellationToken) is { } channel)
                {
                    channels.Add(channel);
                }
            }

            return channels;
        }
    }
}
