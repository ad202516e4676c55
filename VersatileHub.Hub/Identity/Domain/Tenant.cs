using System.Globalization;
using System.Text;

namespace VersatileHub.Hub.Identity.Domain;

/// <summary>A client business served by this deployment; every tenant-owned row carries its id.</summary>
internal sealed class Tenant
{
    public const string DefaultTimeZone = "America/Argentina/Buenos_Aires";
    public const int DefaultHumanOverrideHours = 24;
    public const int MaxNameLength = 100;

    private Tenant()
    {
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>A url-safe form of the name, unique in the deployment.</summary>
    public string Slug { get; private set; } = "";

    /// <summary>IANA time zone id the tenant's agenda and working hours are expressed in.</summary>
    public string TimeZone { get; private set; } = DefaultTimeZone;

    /// <summary>How long the bot stays silent after a human takes over a conversation.</summary>
    public int HumanOverrideHours { get; private set; } = DefaultHumanOverrideHours;

    public DateTimeOffset CreatedAt { get; private set; }

    public static Tenant Create(string name, string slug, string timeZone, DateTimeOffset now) => new()
    {
        Name = name.Trim(),
        Slug = slug,
        TimeZone = timeZone,
        CreatedAt = now,
    };

    public static bool IsKnownTimeZone(string timeZone) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _);

    /// <summary>The IANA id of the zone <paramref name="timeZone"/> names, or null when it names no IANA zone.</summary>
    public static string? IanaTimeZone(string? timeZone) =>
        !string.IsNullOrWhiteSpace(timeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone) && zone.HasIanaId ? zone.Id : null;

    /// <summary>Moves the tenant's agenda and working hours to another IANA time zone.</summary>
    public void ChangeTimeZone(string timeZone) =>
        TimeZone = IanaTimeZone(timeZone) ?? throw new ArgumentException($"{timeZone} is not an IANA time zone.", nameof(timeZone));

    /// <summary>Lower-case ascii letters, digits and dashes: "Café Central" becomes "cafe-central".</summary>
    public static string SlugOf(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "tenant" : text;
    }
}
