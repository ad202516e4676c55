using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>A tenant's agenda settings, one row per tenant; a tenant without one uses the defaults.</summary>
internal sealed class AgendaSettings : ITenantOwned
{
    public const string DefaultTimeZone = "America/Argentina/Buenos_Aires";

    private AgendaSettings()
    {
    }

    public AgendaSettings(string timeZone)
    {
        ChangeTimeZone(timeZone);
    }

    public int TenantId { get; private set; }

    /// <summary>IANA id of the zone the business's working hours and closed days are written in.</summary>
    public string TimeZone { get; private set; } = DefaultTimeZone;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public void ChangeTimeZone(string timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
        {
            throw new AgendaRuleException("timeZone", "Use an IANA time zone, e.g. America/Argentina/Buenos_Aires. / Use una zona horaria IANA, p. ej. America/Argentina/Buenos_Aires.");
        }
        TimeZone = zone.Id;
    }
}
