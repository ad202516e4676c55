using System.Globalization;

namespace VersatileHub.Hub.Web;

/// <summary>A weekday's working periods as an admin types them: <c>09:00-13:00, 14:00-18:00</c> (the gap is a break).</summary>
internal static class WorkingPeriods
{
    private static readonly char[] Dashes = ['-', '–', '—'];

    /// <summary>Adds the periods of <paramref name="text"/> (empty: a day off) to <paramref name="periods"/>; false when it cannot be read.</summary>
    /// <remarks>Only the form is read here; starts before ends and overlaps are the domain's rules (<c>WorkingHours.Define</c>).</remarks>
    public static bool TryRead(string? text, DayOfWeek day, List<(DayOfWeek Day, TimeOnly From, TimeOnly To)> periods)
    {
        foreach (var period in (text ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = period.Split(Dashes, StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TryTime(ends[0], out var from) || !TryTime(ends[1], out var to))
            {
                return false;
            }
            periods.Add((day, from, to));
        }
        return true;
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["H:mm", "HH:mm", "H", "HH"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
