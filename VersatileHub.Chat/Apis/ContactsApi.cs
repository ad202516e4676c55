using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Desk;

namespace VersatileHub.Chat.Apis;

internal static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder account)
    {
        var contacts = account.MapGroup("/contacts");
        contacts.MapGet("/", ListContacts);
        contacts.MapPost("/", CreateContact).RequireAuthorization(ChatPolicies.Operate);
        contacts.MapGet("/search", SearchContacts);
        contacts.MapGet("/{id:int}", GetContact);
        contacts.MapGet("/{id:int}/conversations", ListContactConversations);
        contacts.MapPut("/{id:int}", UpdateContact).RequireAuthorization(ChatPolicies.Operate);
        return account;
    }

    public static async Task<Ok<ContactListView>> ListContacts(int? page, ContactBook contacts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await contacts.ListAsync(page, cancellationToken));

    public static async Task<Ok<ContactListView>> SearchContacts(string? q, int? page, ContactBook contacts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await contacts.SearchAsync(q, page, cancellationToken));

    public static async Task<Ok<PayloadView<CreatedContactView>>> CreateContact(ContactRequest request, ContactBook contacts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await contacts.CreateAsync(request, cancellationToken));

    public static async Task<Results<Ok<PayloadView<ContactView>>, NotFound>> GetContact(int id, ContactBook contacts, CancellationToken cancellationToken) =>
        await contacts.GetAsync(id, cancellationToken) is { } contact ? TypedResults.Ok(contact) : TypedResults.NotFound();

    public static async Task<Results<Ok<PayloadView<IReadOnlyList<ConversationView>>>, NotFound>> ListContactConversations(
        int id, ConversationDesk desk, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await desk.ForContactAsync(id, user.Caller().UserId, cancellationToken) is { } conversations
            ? TypedResults.Ok(new PayloadView<IReadOnlyList<ConversationView>>(conversations))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<PayloadView<ContactView>>, NotFound>> UpdateContact(
        int id, ContactRequest request, ContactBook contacts, CancellationToken cancellationToken) =>
        await contacts.UpdateAsync(id, request, cancellationToken) is { } contact ? TypedResults.Ok(contact) : TypedResults.NotFound();
}
