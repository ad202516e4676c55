using System.Globalization;
using System.Text;
using VersatileHub.Agent.Apis;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Agent.Memory;

/// <summary>Something the agent learned about a contact and keeps beyond the conversation ("prefers morning appointments").</summary>
public sealed class ContactFact : ITenantOwned
{
    public const int MaxLength = 300;

    private ContactFact()
    {
    }

    public long Id { get; private set; }

    public int TenantId { get; private set; }

    /// <summary>Chat's contact the fact is about.</summary>
    public int ContactId { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>The text as compared for duplicates: lower case, without accents, spaces collapsed, closing punctuation dropped.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Chat's conversation in which the agent learned it.</summary>
    public int ConversationId { get; private set; }

    public DateTimeOffset RememberedAt { get; private set; }

    /// <summary>The fact as kept: on one line, spaces collapsed.</summary>
    public static string Tidy(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A fact from tidied text of 1 to <see cref="MaxLength"/> characters (see <see cref="Tidy"/>).</summary>
    public static ContactFact About(int contactId, int conversationId, string tidyText, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tidyText.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tidyText.Length, MaxLength);
        return new ContactFact { ContactId = contactId, ConversationId = conversationId, Text = tidyText, Key = KeyOf(tidyText), RememberedAt = now };
    }

    public static string KeyOf(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }
        return key.ToString().Normalize(NormalizationForm.FormC).TrimEnd('.', '!', '?', ';', ',', ' ', '…');
    }
}
