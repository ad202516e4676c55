using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace VersatileHub.Agent.Tools;

/// <summary>The Hub's agenda for the conversation's customer: free times, booking, their own appointments, cancelling one of them.</summary>
internal sealed class AgendaTools(ConversationScope? scope, int tenant, SuiteClients hub, TimeProvider time)
{
    private const string NoCustomer = "This conversation is not linked to a customer, so appointments cannot be handled here. Offer to pass the customer to a person.";

    [KernelFunction("check_availability"), Description("Free start times of a service on a day.")]
    public async Task<string> CheckAvailabilityAsync(
        [Description("The service's name")] string service, [Description("The day, as yyyy-MM-dd")] string day, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(day?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return "Give the day as yyyy-MM-dd.";
        }
        if (await FindServiceAsync(service, cancellationToken) is not { } found)
        {
            return await UnknownServiceAsync(service, cancellationToken);
        }
        var free = await hub.GetAsync<List<ResourceAvailability>>(SuiteClients.Hub, tenant,
            $"/api/agenda/availability?serviceId={found.Id}&date={date:yyyy-MM-dd}&days=1", cancellationToken) ?? [];
        var starts = free.SelectMany(r => r.Starts).Distinct().Order().ToList();
        return JsonSerializer.Serialize(new { service = found.Name, day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), free_starts = starts });
    }

    [KernelFunction("book_appointment"), Description("Books a service for this customer at a start time returned by check_availability.")]
    public async Task<string> BookAppointmentAsync(
        [Description("The service's name")] string service, [Description("The start, ISO 8601 with offset")] string start, CancellationToken cancellationToken)
    {
        if (scope?.HubCustomerId is not { } customer)
        {
            return NoCustomer;
        }
        if (await FindServiceAsync(service, cancellationToken) is not { } found)
        {
            return await UnknownServiceAsync(service, cancellationToken);
        }
        using var response = await hub.SendAsync(SuiteClients.Hub, tenant, HttpMethod.Post, "/api/appointments",
            new { serviceId = found.Id, start, customerId = customer }, SuiteClients.HubJson, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => "Booked: " + await response.Content.ReadAsStringAsync(cancellationToken),
            HttpStatusCode.Conflict => "That time was just taken; offer other free times.",
            _ => "The agenda refused: " + await response.Content.ReadAsStringAsync(cancellationToken),
        };
    }

    [KernelFunction("my_appointments"), Description("This customer's upcoming appointments (the next 31 days).")]
    public async Task<string> MyAppointmentsAsync(CancellationToken cancellationToken)
    {
        if (scope?.HubCustomerId is not { } customer)
        {
            return NoCustomer;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var all = await hub.GetAsync<List<Appointment>>(SuiteClients.Hub, tenant, $"/api/appointments?from={today:yyyy-MM-dd}&days=31", cancellationToken) ?? [];
        var mine = all.Where(a => a.CustomerId == customer).Select(a => new { a.Id, a.ServiceName, a.ResourceName, a.StartLocal, a.Status });
        return JsonSerializer.Serialize(new { appointments = mine });
    }

    [KernelFunction("cancel_appointment"), Description("Cancels one of this customer's appointments by its id (from my_appointments).")]
    public async Task<string> CancelAppointmentAsync([Description("The appointment's id")] int id, CancellationToken cancellationToken)
    {
        if (scope?.HubCustomerId is not { } customer)
        {
            return NoCustomer;
        }
        var appointment = await hub.GetAsync<Appointment>(SuiteClients.Hub, tenant, $"/api/appointments/{id}", cancellationToken);
        if (appointment is null || appointment.CustomerId != customer)
        {
            return $"This customer has no appointment {id}.";
        }
        using var response = await hub.SendAsync(SuiteClients.Hub, tenant, HttpMethod.Post, $"/api/appointments/{id}/cancel",
            new { reason = "Cancelled by the customer through the agent" }, SuiteClients.HubJson, cancellationToken);
        return response.IsSuccessStatusCode
            ? $"Cancelled appointment {id} ({appointment.ServiceName}, {appointment.StartLocal:yyyy-MM-dd HH:mm})."
            : "The agenda refused: " + await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<Service?> FindServiceAsync(string? name, CancellationToken cancellationToken)
    {
        var services = await hub.GetAsync<List<Service>>(SuiteClients.Hub, tenant, "/api/agenda/services", cancellationToken) ?? [];
        var wanted = (name ?? "").Trim();
        return services.Where(s => s.Active).FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? services.Where(s => s.Active).FirstOrDefault(s => wanted.Length > 0 && s.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<string> UnknownServiceAsync(string? name, CancellationToken cancellationToken)
    {
        var services = await hub.GetAsync<List<Service>>(SuiteClients.Hub, tenant, "/api/agenda/services", cancellationToken) ?? [];
        return JsonSerializer.Serialize(new { error = $"No service '{name}'.", services = services.Where(s => s.Active).Select(s => s.Name) });
    }

    private sealed record Service(int Id, string Name, bool Active);

    private sealed record ResourceAvailability(int ResourceId, string ResourceName, List<DateTimeOffset> Starts);

    private sealed record Appointment(int Id, string ServiceName, string ResourceName, int CustomerId, string Status, DateTimeOffset StartLocal);
}
