using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Desk;
using VersatileHub.Chat.Domain;
using VersatileHub.Chat.Ingest;
using VersatileHub.Chat.Web.Components.Simulator;
using VersatileHub.ServiceDefaults.Authentication;

namespace VersatileHub.Chat.Web.Simulator;

/// <summary>Who the developer writes as: the contact's id on the channel (a phone number for WhatsApp) and a name.</summary>
internal sealed record SimulatedCustomer(int InboxId, string SourceId, string? Name);

/// <summary>
/// The customer's side of a conversation, for trying the bot without WhatsApp (Development only): what the customer writes
/// goes through the channel gateways' own ingest, each with a fresh provider id, and the customer sees what a phone shows.
/// </summary>
internal sealed class CustomerSimulation(ChannelIngest ingest, ChatDbContext db, ConversationDesk desk)
{
    public const string Path = "/simulator";

    /// <summary>The inboxes a customer can write to here: the API's and WhatsApp's.</summary>
    public async Task<IReadOnlyList<Inbox>> InboxesAsync(CancellationToken cancellationToken) =>
        await db.Set<Inbox>().AsNoTracking().Where(i => i.ChannelType == ChannelType.Api || i.ChannelType == ChannelType.Whatsapp)
            .OrderBy(i => i.Id).ToListAsync(cancellationToken);

    /// <summary>Writes as <paramref name="customer"/>, exactly as a gateway posts it; null when the account has no such inbox.</summary>
    public Task<IngestedMessage?> WriteAsync(SimulatedCustomer customer, string? content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var source = customer.SourceId.Trim();
        var contact = new IncomingContact(source, string.IsNullOrWhiteSpace(customer.Name) ? null : customer.Name.Trim(), PhoneNumber.IsE164(source) ? source : null);
        return ingest.ReceiveAsync(customer.InboxId, new IncomingMessage(contact, $"simulator-{Guid.NewGuid():N}", content), cancellationToken);
    }

    /// <summary>The customer's latest conversation in the inbox (its display id), if they ever wrote there.</summary>
    public Task<int?> LatestConversationAsync(SimulatedCustomer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var source = customer.SourceId.Trim();
        return db.Set<Conversation>().AsNoTracking()
            .Where(c => c.InboxId == customer.InboxId && c.ContactInbox!.SourceId == source)
            .OrderByDescending(c => c.Id).Select(c => (int?)c.DisplayId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>What the customer's phone shows of a conversation: its latest messages, without private notes and activity lines.</summary>
    public async Task<IReadOnlyList<MessageView>> PhoneShowsAsync(int displayId, CancellationToken cancellationToken) =>
        (await desk.MessagesAsync(displayId, null, null, cancellationToken))?.Payload
            .Where(m => !m.Private && m.MessageType != (int)MessageType.Activity).ToList() ?? [];
}

internal static class CustomerSimulatorEndpoint
{
    /// <summary>The simulator's page, for the account's staff who may operate conversations; mapped in Development only.</summary>
    public static IEndpointRouteBuilder MapCustomerSimulator(this IEndpointRouteBuilder app)
    {
        app.MapGet(CustomerSimulation.Path, () => new RazorComponentResult<SimulatorPage>())
            .RequireAuthorization(new AuthorizeAttribute { Policy = ChatPolicies.Operate, AuthenticationSchemes = HubSignIn.SchemeName });
        return app;
    }
}
