using System.Net;
using System.Text.Json;
using StackExchange.Redis;
using VersatileHub.Flow.Triggers.Events;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.Tests.Agent;
using VersatileHub.Tests.Flow.Workflows;
using static VersatileHub.Tests.Flow.Workflows.WorkflowsWorld;

namespace VersatileHub.Tests.Flow.Events;

public sealed class EventTriggerTests(WorkflowsWorld world) : IClassFixture<WorkflowsWorld>
{
    private static IntegrationEvent Envelope(string type, int tenant, object data) => new()
    {
        Id = Guid.NewGuid(),
        Type = type,
        Source = "hub",
        Time = DateTimeOffset.UtcNow,
        Tenant = tenant,
        Subject = Guid.NewGuid().ToString("N"),
        Data = JsonSerializer.SerializeToElement(data),
    };

    /// <summary>Appends the envelope to the Hub's stream as its outbox relay would; the entry's id.</summary>
    private async Task<RedisValue> PublishAsync(IntegrationEvent envelope) =>
        await world.Flow.Redis.Database.StreamAddAsync($"{world.Flow.Redis.KeyPrefix}events:hub", "event", envelope.ToJson());

    /// <summary>Waits until Flow's consumer group has read and acknowledged everything up to <paramref name="entry"/>.</summary>
    private async Task ConsumedAsync(RedisValue entry) =>
        await Eventually.ThatAsync(
            async () => (await world.Flow.Redis.Database.StreamGroupInfoAsync($"{world.Flow.Redis.KeyPrefix}events:hub")).FirstOrDefault(g => g.Name == "flow"),
            group => group.Name == "flow" && group.LastDeliveredId == entry && group.PendingMessageCount == 0);

    private async Task<Guid> ActiveAsync(HttpClient client, string name, object parameters)
    {
        var id = IdOf(await CreateAsync(client, name, [Node("Evento", "eventTrigger", parameters), Fields("Preparar")], Chain(("Evento", "Preparar"))));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/flow/workflows/{id}/activate", null)).StatusCode);
        return id;
    }

    [Fact]
    public async Task An_event_queues_one_run_per_subscribed_workflow_of_its_tenant_even_when_delivered_twice()
    {
        var exact = await ActiveAsync(world.A, "Turno nuevo", new { @event = "appointment.created" });
        var family = await ActiveAsync(world.A, "Todo turno", new { @event = "appointment.*" });
        var other = await ActiveAsync(world.A, "Pedidos", new { @event = "order.created" });
        var otherTenant = await ActiveAsync(world.B, "Turno nuevo en B", new { @event = "appointment.created" });
        var inactive = IdOf(await CreateAsync(world.A, "Inactivo", [Node("Evento", "eventTrigger", new { @event = "appointment.created" })]));

        var booked = Envelope("appointment.created", world.TenantA, new { id = 41, customerId = 7, startsAt = "2026-03-11T15:00:00Z" });
        await PublishAsync(booked);
        var duplicate = await PublishAsync(booked);
        await ConsumedAsync(duplicate);

        var run = Assert.Single(await world.RunsAsync(world.TenantA, exact));
        Assert.Single(await world.RunsAsync(world.TenantA, family));
        Assert.Empty(await world.RunsAsync(world.TenantA, other));
        Assert.Empty(await world.RunsAsync(world.TenantB, otherTenant));
        Assert.Empty(await world.RunsAsync(world.TenantA, inactive));
        Assert.Equal("Evento", run.TriggerNode);
        Assert.Equal(EventTriggers.TriggeredByPrefix + "appointment.created", run.TriggeredBy);
        var item = run.TriggerItems[0]!;
        Assert.Equal(booked.Id.ToString(), item["id"]!.GetValue<string>());
        Assert.Equal(world.TenantA, item["tenant"]!.GetValue<int>());
        Assert.Equal(41, item["data"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_event_trigger_with_a_filter_queues_a_run_only_for_a_matching_event()
    {
        var failures = await ActiveAsync(world.A, "Entrega fallida", new { @event = "message.updated", filter = "$event.data.status === 'failed'" });

        await PublishAsync(Envelope("message.updated", world.TenantA, new { id = 1, status = "delivered" }));
        var failed = Envelope("message.updated", world.TenantA, new { id = 2, status = "failed", error = "número inválido" });
        await PublishAsync(failed);
        await ConsumedAsync(await PublishAsync(failed));

        var run = Assert.Single(await world.RunsAsync(world.TenantA, failures));
        Assert.Equal(2, run.TriggerItems[0]!["data"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deactivating_a_workflow_stops_its_event_trigger()
    {
        var id = await ActiveAsync(world.A, "Contactos", new { @event = "contact.created" });
        await world.A.PostAsync($"/api/flow/workflows/{id}/deactivate", null);

        await ConsumedAsync(await PublishAsync(Envelope("contact.created", world.TenantA, new { id = 5 })));

        Assert.Empty(await world.RunsAsync(world.TenantA, id));
    }
}
