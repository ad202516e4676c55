using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VersatileHub.Chat.Accounts;
using VersatileHub.Chat.Domain;

namespace VersatileHub.Chat.CannedResponses;

/// <summary>
/// A saved reply the account's agents insert by typing "/" and its <see cref="ShortCode"/> in the reply box (Chatwoot's
/// canned response). A short code is one word, unique in the account, so the reply box can tell where it ends.
/// </summary>
public sealed class CannedResponse : IAccountOwned
{
    public const int MaxShortCodeLength = 50;
    public const int MaxContentLength = 4000;

    private CannedResponse()
    {
    }

    public int Id { get; private set; }

    public int AccountId { get; private set; }

    public string ShortCode { get; private set; } = "";

    public string Content { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <exception cref="InvalidFieldException">A missing or malformed <c>short_code</c> or <c>content</c>.</exception>
    public static CannedResponse Create(string? shortCode, string? content, DateTimeOffset now) => new()
    {
        ShortCode = ValidShortCode(shortCode),
        Content = ValidContent(content),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Chatwoot's PATCH: the fields sent change, the others stay.</summary>
    public void Change(string? shortCode, string? content, DateTimeOffset now)
    {
        if (shortCode is null && content is null)
        {
            throw new InvalidFieldException("short_code", "Mandá short_code o content. / Send short_code or content.");
        }
        ShortCode = shortCode is null ? ShortCode : ValidShortCode(shortCode);
        Content = content is null ? Content : ValidContent(content);
        UpdatedAt = now;
    }

    private static string ValidShortCode(string? shortCode)
    {
        var code = shortCode?.Trim().TrimStart('/') ?? "";
        if (code.Length == 0)
        {
            throw new InvalidFieldException("short_code", "Poné un atajo. / Give a short code.");
        }
        if (code.Length > MaxShortCodeLength || code.Any(char.IsWhiteSpace))
        {
            throw new InvalidFieldException("short_code", string.Create(CultureInfo.InvariantCulture,
                $"El atajo es una palabra de hasta {MaxShortCodeLength} caracteres. / A short code is one word of up to {MaxShortCodeLength} characters."));
        }
        return code;
    }

    private static string ValidContent(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new InvalidFieldException("content", "Escribí el texto de la respuesta. / Write the response's text.");
        }
        if (content.Length > MaxContentLength)
        {
            throw new InvalidFieldException("content", string.Create(CultureInfo.InvariantCulture,
                $"Hasta {MaxContentLength} caracteres. / Up to {MaxContentLength} characters."));
        }
        return content;
    }
}

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> builder)
    {
        builder.ToTable("canned_responses");
        builder.Property(c => c.ShortCode).HasMaxLength(CannedResponse.MaxShortCodeLength);
        builder.Property(c => c.Content).HasMaxLength(CannedResponse.MaxContentLength);
        builder.HasIndex(c => new { c.AccountId, c.ShortCode }).IsUnique();
    }
}
