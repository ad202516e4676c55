using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Appointments.Domain;

/// <summary>A request that breaks an agenda rule; <see cref="Field"/> names the input at fault (a 400 for the caller).</summary>
internal sealed class AgendaRuleException(string field, UserText text) : RefusalException(text)
{
    public string Field { get; } = field;
}
