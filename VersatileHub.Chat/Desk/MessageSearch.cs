using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using VersatileHub.Chat.Apis;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.Desk;

/// <summary>The database's accent-stripping function (<c>vh_unaccent</c>, created by the ChatCore migration).</summary>
public static class ChatDbFunctions
{
    public static string Unaccent(string text) => throw new InvalidOperationException("Only for queries translated to SQL.");
}

/// <summary>Full-text search over message content, Spanish and English stems, blind to accents and case.</summary>
public sealed class MessageSearch(ChatDbContext db)
{
    public const int MaxQueryLength = 200;
    public const int PageSize = 15;

    /// <summary>Messages whose content has every word of <paramref name="q"/>, stemmed as Spanish or as English.</summary>
    public static IQueryable<Message> Matching(IQueryable<Message> messages, string q) =>
        messages.Where(m => EF.Property<NpgsqlTsVector>(m, MessageSearchSql.SearchVector).Matches(
            EF.Functions.PlainToTsQuery("spanish", ChatDbFunctions.Unaccent(q)).Or(EF.Functions.PlainToTsQuery("english", ChatDbFunctions.Unaccent(q)))));

    public static string CheckQuery(string? q)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            throw new InvalidFieldException("q", $"Escribí qué buscar (hasta {MaxQueryLength} caracteres). / Type what to search for (up to {MaxQueryLength} characters).");
        }
        return q.Trim();
    }

    /// <summary>Chatwoot's <c>GET /search/messages</c>: newest matches first, a page at a time; private notes included, as staff see them.</summary>
    public async Task<PayloadView<SearchMessagesPayload>> SearchAsync(string? q, int? page, CancellationToken cancellationToken)
    {
        var query = CheckQuery(q);
        if (page is < 1)
        {
            throw new InvalidFieldException("page", "La página empieza en 1. / Pages start at 1.");
        }
        var number = page ?? 1;
        var matches = Matching(db.Set<Message>().AsNoTracking().Where(m => m.MessageType != MessageType.Activity), query);
        var total = await matches.CountAsync(cancellationToken);
        var hits = await matches.Include(m => m.Conversation).ThenInclude(c => c!.Contact)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((number - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var views = hits.Select(m =>
        {
            var full = MessageView.Of(m, m.Conversation!.DisplayId, m.Conversation.Contact);
            return new SearchMessageView(m.Id, m.Content, (int)m.MessageType, m.ContentType.ToName(), m.SourceId, m.InboxId,
                m.Conversation.DisplayId, m.CreatedAt.ToUnixTimeSeconds(), full.Sender);
        }).ToList();
        return new PayloadView<SearchMessagesPayload>(new SearchMessagesPayload(views,
            new SearchMeta(number, total, (total + PageSize - 1) / PageSize)));
    }
}
