using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DqPlatform.Domain.Events;

namespace DqPlatform.Infrastructure.Messaging;

/// <summary>
/// How events are written to the log and to Redis. An event carries the changed object as it was committed
/// (<see cref="IncidentChanged.Incident"/>, …); those are domain entities whose state has private setters, so their
/// non-public setters are used here, and their navigations (another aggregate) are left out.
/// </summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // jsonb orders keys its own way, so the type discriminator is not first when an event is read back.
        AllowOutOfOrderMetadataProperties = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { EntitySnapshots } },
    };

    public static string Serialize(DqEvent @event) => JsonSerializer.Serialize(@event, Options);

    public static DqEvent? Deserialize(string json) => JsonSerializer.Deserialize<DqEvent>(json, Options);

    /// <summary>A copy of an entity as it is now, for an event that must not change with it.</summary>
    public static T Copy<T>(T entity) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(entity, Options), Options)!;

    private static void EntitySnapshots(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || typeof(DqEvent).IsAssignableFrom(type.Type) || !IsDomain(type.Type))
        {
            return;
        }

        foreach (var property in type.Properties.ToList())
        {
            var member = property.AttributeProvider as PropertyInfo;
            if (member is null || IsDomain(member.PropertyType) && member.PropertyType.IsClass)
            {
                type.Properties.Remove(property);
            }
            else if (property.Set is null && member.GetSetMethod(nonPublic: true) is { } setter)
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
            }
            else if (property.Set is null)
            {
                type.Properties.Remove(property); // computed (Incident.IsActive)
            }
        }
    }

    private static bool IsDomain(Type type) => type.Namespace?.StartsWith("DqPlatform.Domain", StringComparison.Ordinal) == true;
}
