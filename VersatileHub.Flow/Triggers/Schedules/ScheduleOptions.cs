using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Flow.Triggers.Schedules;

/// <summary>How schedules fire, bound from <c>Flow:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Flow:Schedules";

    /// <summary>The deployment's IANA time zone, for schedules whose node and workflow name none.</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often each replica looks for due schedules: the most a run starts late.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
