using DqPlatform.Domain.Events;
using DqPlatform.Infrastructure.Messaging;

namespace DqPlatform.Api.Live;

/// <summary>The bus's events that pass <paramref name="filter"/>, as the observable a GraphQL subscription streams.</summary>
public sealed class EventStream<T>(IEventBus bus, Func<T, bool> filter) : IObservable<object?> where T : DqEvent
{
    public IDisposable Subscribe(IObserver<object?> observer) =>
        bus.Listen(e =>
        {
            if (e is T match && filter(match))
            {
                observer.OnNext(match);
            }
        });
}
