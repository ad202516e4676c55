using System.Text;
using VersatileHub.AppHost.Hosting;

namespace VersatileHub.AppHost.Orchestration;

/// <summary>
/// The console view of a run: every resource's output with an aligned, coloured prefix,
/// and a table of resources with their state and endpoint.
/// </summary>
internal sealed class ConsoleDashboard
{
    private const string AppHostName = "apphost";
    private const string Reset = "\e[0m";
    private static readonly string[] Colours = ["\e[36m", "\e[33m", "\e[35m", "\e[32m", "\e[34m", "\e[96m", "\e[93m", "\e[95m", "\e[92m", "\e[94m"];

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly bool _useColour;
    private readonly int _nameWidth;
    private readonly Dictionary<IResource, Row> _rows;
    private bool _showTableOnChange;

    public ConsoleDashboard(IEnumerable<IResource> resources, TextWriter output, bool useColour)
    {
        _output = output;
        _useColour = useColour;
        _rows = resources
            .Select((resource, index) => (resource, index))
            .ToDictionary(x => x.resource, x => new Row(Colours[x.index % Colours.Length]));
        _nameWidth = _rows.Keys.Select(r => r.Name.Length).Append(AppHostName.Length).Max();
    }

    public void Log(IResource resource, string line) => Write(resource.Name, _rows[resource].Colour, line);

    public void Announce(string message) => Write(AppHostName, "\e[1m", message);

    public ResourceState GetState(IResource resource)
    {
        lock (_gate)
        {
            return _rows[resource].State;
        }
    }

    public void SetState(IResource resource, ResourceState state, string? detail = null)
    {
        bool showTable;
        lock (_gate)
        {
            var row = _rows[resource];
            if (row.State == state && row.Detail == detail)
            {
                return;
            }

            row.State = state;
            row.Detail = detail;
            showTable = _showTableOnChange;
        }

        if (showTable)
        {
            ShowTable();
        }
        else
        {
            Announce($"{resource.Name} is {Describe(state, detail)}");
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
            var rows = _rows.Select(r => (Name: r.Key.Name, Type: TypeOf(r.Key), State: Describe(r.Value.State, r.Value.Detail), Endpoint: EndpointOf(r.Key))).ToList();
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

    private static string TypeOf(IResource resource) => resource switch
    {
        PostgresServerResource => "PostgreSQL",
        PostgresDatabaseResource => "Database",
        RedisResource => "Redis",
        ProjectResource => "Project",
        _ => resource.GetType().Name,
    };

    private static string EndpointOf(IResource resource) => resource switch
    {
        PostgresDatabaseResource database => $"{database.Parent.GetEndpoint("tcp").Url}/{database.DatabaseName}",
        _ => string.Join(", ", resource.GetEndpoints().Select(e => e.AllocatedEndpoint?.Url)),
    };

    private static string Describe(ResourceState state, string? detail) => detail is null ? $"{state}" : $"{state} ({detail})";

    private static string StateColour(string state) => state switch
    {
        _ when state.StartsWith(nameof(ResourceState.Healthy), StringComparison.Ordinal) => "\e[32m",
        _ when state.StartsWith(nameof(ResourceState.Failed), StringComparison.Ordinal) => "\e[31m",
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

    private sealed class Row(string colour)
    {
        public string Colour { get; } = colour;

        public ResourceState State { get; set; } = ResourceState.Waiting;

        public string? Detail { get; set; }
    }
}
