using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;
using VersatileHub.ServiceDefaults.Authentication;
using VersatileHub.ServiceDefaults.Events;
using VersatileHub.ServiceDefaults.Events.Consuming;

namespace VersatileHub.Chat.Events;

/// <summary>
/// Links a new contact with a phone to the Hub's customer with that phone, creating the customer when there is none.
/// It runs from Chat's own <c>contact.created</c> event, so ingest never waits for the Hub; when the Hub fails, the event
/// bus retries the event later (and parks it after its attempts, leaving the contact unlinked).
/// </summary>
internal sealed partial class CustomerLink(
    ChatDbContext db, CurrentAccount account, IHttpClientFactory httpClients, EventPublisher publisher, TimeProvider time,
    ILogger<CustomerLink> logger) : IIntegrationEventHandler
{
    public const string HttpClientName = "hub-customers";

    public async Task HandleAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        account.Set(@event.Tenant);
        var created = @event.DataAs<ContactEventData>();
        var contact = created is null ? null : await db.Set<Contact>().SingleOrDefaultAsync(c => c.Id == created.Id, cancellationToken);
        if (contact?.PhoneNumber is not { } phone || contact.HubCustomerId is not null)
        {
            return;
        }

        var customerId = await FindOrCreateCustomerAsync(@event.Tenant, contact.Name, phone, cancellationToken);
        contact.LinkToCustomer(customerId, time.GetUtcNow());
        var events = new PendingEvents();
        events.Contact(ChatEventTypes.ContactUpdated, contact);
        await events.SaveAsync(db, publisher, @event.Tenant, cancellationToken);
        LogLinked(contact.Id, customerId);
    }

    private async Task<int> FindOrCreateCustomerAsync(int tenant, string name, string phone, CancellationToken cancellationToken)
    {
        var hub = httpClients.CreateClient(HttpClientName);
        if (await FindAsync(hub, tenant, phone, cancellationToken) is { } found)
        {
            return found;
        }
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/customers")
        {
            Content = JsonContent.Create(new { name = name.Length > 0 ? name : phone, phones = new[] { phone } }),
        };
        create.Headers.Add(HubAuthenticationDefaults.TenantHeader, tenant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await hub.SendAsync(create, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict && await FindAsync(hub, tenant, phone, cancellationToken) is { } raced)
        {
            return raced;
        }
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<HubCustomer>(cancellationToken))!.Id;
    }

    private static async Task<int?> FindAsync(HttpClient hub, int tenant, string phone, CancellationToken cancellationToken)
    {
        using var search = new HttpRequestMessage(HttpMethod.Get, $"/api/customers?q={Uri.EscapeDataString(phone)}&pageSize=1");
        search.Headers.Add(HubAuthenticationDefaults.TenantHeader, tenant.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await hub.SendAsync(search, cancellationToken);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<HubCustomerPage>(cancellationToken);
        return page?.Items.FirstOrDefault(c => c.Phones.Contains(phone))?.Id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact {ContactId} linked to Hub customer {CustomerId}")]
    private partial void LogLinked(int contactId, int customerId);

    private sealed record HubCustomer(int Id, IReadOnlyList<string> Phones);

    private sealed record HubCustomerPage(IReadOnlyList<HubCustomer> Items);
}
