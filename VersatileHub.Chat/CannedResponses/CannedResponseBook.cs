using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Data;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.CannedResponses;

/// <summary>Chatwoot's body, with the fields at the top or (as Rails wraps them) under <c>canned_response</c>.</summary>
public sealed record CannedResponseRequest(string? ShortCode, string? Content, CannedResponseFields? CannedResponse)
{
    public CannedResponseFields Fields => CannedResponse ?? new(ShortCode, Content);
}

public sealed record CannedResponseFields(string? ShortCode, string? Content);

/// <summary>A canned response as Chatwoot renders it.</summary>
public sealed record CannedResponseView(int Id, int AccountId, string ShortCode, string Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CannedResponseView Of(CannedResponse c) => new(c.Id, c.AccountId, c.ShortCode, c.Content, c.CreatedAt, c.UpdatedAt);
}

/// <summary>The account's canned responses.</summary>
internal sealed class CannedResponseBook(ChatDbContext db, TimeProvider time)
{
    public const int MaxListed = 100;

    /// <summary>
    /// All of them, or those whose short code starts with <paramref name="search"/> (first) or whose content contains it,
    /// as Chatwoot's <c>?search=</c> does.
    /// </summary>
    public async Task<IReadOnlyList<CannedResponseView>> ListAsync(string? search, CancellationToken cancellationToken)
    {
        var responses = db.Set<CannedResponse>().AsNoTracking();
        var term = search?.Trim().TrimStart('/').ToLowerInvariant();
        if (!string.IsNullOrEmpty(term))
        {
            responses = responses.Where(c => c.ShortCode.ToLower().StartsWith(term) || c.Content.ToLower().Contains(term))
                .OrderBy(c => c.ShortCode.ToLower().StartsWith(term) ? 0 : 1).ThenBy(c => c.ShortCode);
        }
        else
        {
            responses = responses.OrderBy(c => c.ShortCode);
        }
        return (await responses.Take(MaxListed).ToListAsync(cancellationToken)).Select(CannedResponseView.Of).ToList();
    }

    public async Task<CannedResponseView> CreateAsync(CannedResponseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = CannedResponse.Create(request.Fields.ShortCode, request.Fields.Content, time.GetUtcNow());
        db.Add(response);
        await SaveAsync(cancellationToken);
        return CannedResponseView.Of(response);
    }

    /// <summary>Null when the account has no such canned response.</summary>
    public async Task<CannedResponseView?> UpdateAsync(int id, CannedResponseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await db.Set<CannedResponse>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } response)
        {
            return null;
        }
        response.Change(request.Fields.ShortCode, request.Fields.Content, time.GetUtcNow());
        await SaveAsync(cancellationToken);
        return CannedResponseView.Of(response);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<CannedResponse>().Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            throw new InvalidFieldException("short_code", "Ya hay una respuesta con ese atajo. / A canned response already has that short code.");
        }
    }
}
