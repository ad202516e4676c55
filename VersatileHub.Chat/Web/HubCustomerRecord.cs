using System.Globalization;
using System.Net.Http.Json;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Web;

/// <summary>A Hub customer's order as the contact panel lists it.</summary>
internal sealed record CustomerOrder(int Id, string Number, string Status, decimal Total, string Currency);

/// <summary>A Hub customer's booked appointment; <see cref="StartLocal"/> is in the tenant's zone, with its offset.</summary>
internal sealed record CustomerAppointment(int Id, string ServiceName, DateTimeOffset StartLocal, DateTimeOffset EndUtc, int CustomerId);

/// <summary>What the Hub knows of a contact's customer: the latest orders and the appointments still to come.</summary>
internal sealed record CustomerRecord(IReadOnlyList<CustomerOrder> Orders, IReadOnlyList<CustomerAppointment> Appointments);

/// <summary>
/// Reads a linked contact's orders and upcoming appointments from the Hub's REST API, with Chat's service token acting for
/// the account. Chat owns none of this data, so it is read when the panel opens and never stored.
/// </summary>
internal sealed class HubCustomerRecord(IHttpClientFactory httpClients, TimeProvider time)
{
    public const string HttpClientName = "hub-customer-record";
    private const int LatestOrders = 5;

    /// <summary>The Hub's agenda answers for at most this many days at once (its <c>days</c> limit).</summary>
    private const int AgendaDays = 31;

    /// <exception cref="HttpRequestException">The Hub failed or could not be reached.</exception>
    public async Task<CustomerRecord> ReadAsync(int accountId, int customerId, CancellationToken cancellationToken)
    {
        var hub = httpClients.CreateClient(HttpClientName);
        var orders = await GetAsync<OrderPage>(hub, accountId, $"/api/orders?customerId={customerId}&pageSize={LatestOrders}", cancellationToken);
        var now = time.GetUtcNow();
        // The agenda is asked from yesterday (UTC) so that today in any zone west of UTC is covered; past ones are dropped.
        var from = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var agenda = await GetAsync<IReadOnlyList<CustomerAppointment>>(hub, accountId, $"/api/appointments?from={from}&days={AgendaDays}", cancellationToken);
        return new CustomerRecord(
            orders.Items,
            agenda.Where(a => a.CustomerId == customerId && a.EndUtc > now).OrderBy(a => a.StartLocal).ToList());
    }

    private static async Task<T> GetAsync<T>(HttpClient hub, int accountId, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(HubAuthenticationDefaults.TenantHeader, accountId.ToString(CultureInfo.InvariantCulture));
        using var response = await hub.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new HttpRequestException($"The Hub answered {path} with nothing.");
    }

    private sealed record OrderPage(IReadOnlyList<CustomerOrder> Items);
}
