using System.Text;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// The console view of a run: every resource's output with an aligned, coloured prefix,
/// and a table of resources with their state and endpoint, all as <see cref="ResourceMonitor"/> reports them.
/// </summary>
internal sealed class ConsoleDashboard
{
    private const string AppHostName = "apphost";
    private const string Reset = "\e[0m";
    private static readonly string[] Colours = ["\e[36m", "\e[33m", "\e[35m", "\e[32m", "\e[34m", "\e[96m", "\e[93m", "\e[95m", "\e[92m", "\e[94m"];

    private readonly Lock _gate = new();
    private readonly ResourceMonitor _monitor;
    private readonly TextWriter _output;
    private readonly bool _useColour;
    private readonly int _nameWidth;
    private readonly Dictionary<IResource, string> _colours;
    private bool _showTableOnChange;

    public ConsoleDashboard(ResourceMonitor monitor, TextWriter output, bool useColour)
    {
        _monitor = monitor;
        _output = output;
        _useColour = useColour;
        _colours = monitor.Resources
            .Select((resource, index) => (resource, index))
            .ToDictionary(x => x.resource, x => Colours[x.index % Colours.Length]);
        _nameWidth = _colours.Keys.Select(r => r.Name.Length).Append(AppHostName.Length).Max();
        monitor.Logged += (resource, line) => Write(resource.Name, _colours[resource], line.Text);
        monitor.StateChanged += OnStateChanged;
    }

    public void Announce(string message) => Write(AppHostName, "\e[1m", message);

    private void OnStateChanged(ResourceSnapshot snapshot)
    {
        bool showTable;
        lock (_gate)
        {
            showTable = _showTableOnChange;
        }

        if (showTable)
        {
            ShowTable();
        }
        else
        {
            Announce($"{snapshot.Resource.Name} is {snapshot}");
        }
    }

    /// <summary>From now on every state change prints the whole table (once everything is up).</summary>
    public void ShowTableOnEveryChange(bool enabled)
    {
        lock (_gate)
        {
            _showTableOnChange = enabled;
        }
    }

    public void ShowTable()
    {
        var table = new StringBuilder();
        lock (_gate)
        {
            var rows = _monitor.Snapshots().Select(s => (Name: s.Resource.Name, Type: TypeOf(s.Resource), State: s.ToString(), Endpoint: EndpointOf(s.Resource))).ToList();
            string[] headers = ["Resource", "Type", "State", "Endpoint"];
            var widths = new[]
            {
                rows.Select(r => r.Name.Length).Append(headers[0].Length).Max(),
                rows.Select(r => r.Type.Length).Append(headers[1].Length).Max(),
                rows.Select(r => r.State.Length).Append(headers[2].Length).Max(),
            };

            table.AppendLine();
            AppendRow(Bold(headers[0].PadRight(widths[0])), Bold(headers[1].PadRight(widths[1])), Bold(headers[2].PadRight(widths[2])), Bold(headers[3]));
            foreach (var row in rows)
            {
                AppendRow(row.Name.PadRight(widths[0]), row.Type.PadRight(widths[1]), Paint(row.State.PadRight(widths[2]), StateColour(row.State)), row.Endpoint);
            }

            _output.Write(table.AppendLine().ToString());
        }

        void AppendRow(params string[] cells) => table.Append("  ").AppendJoin("  ", cells).AppendLine();
    }

    private static string TypeOf(IResource resource) => ResourceDescription.TypeOf(resource);

    private static string EndpointOf(IResource resource) => string.Join(", ", ResourceDescription.UrlsOf(resource));

    private static string StateColour(string state) => state switch
    {
        _ when state.StartsWith(nameof(ResourceState.Healthy), StringComparison.Ordinal) => "\e[32m",
        _ when state.StartsWith(nameof(ResourceState.Failed), StringComparison.Ordinal) => "\e[31m",
        _ when state.StartsWith(nameof(ResourceState.Unhealthy), StringComparison.Ordinal) => "\e[31m",
        _ when state.StartsWith(nameof(ResourceState.Exited), StringComparison.Ordinal) => "\e[31m",
        _ => "\e[33m",
    };

    private string Bold(string text) => Paint(text, "\e[1m");

    private string Paint(string text, string colour) => _useColour ? $"{colour}{text}{Reset}" : text;

    private void Write(string name, string colour, string line)
    {
        var text = $"{Paint(name.PadRight(_nameWidth), colour)} | {line}{Environment.NewLine}";
        lock (_gate)
        {
            _output.Write(text);
        }
    }
}
