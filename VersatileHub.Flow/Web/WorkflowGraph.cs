using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Web;

/// <summary>A node where the drawing puts it (its top left corner).</summary>
public sealed record GraphNode(string Name, string Type, bool Disabled, double X, double Y);

/// <summary>A connection from an output of one node to another, as an SVG path; <see cref="Label"/> names the output when the node has several.</summary>
public sealed record GraphEdge(string From, string To, int Output, string Path, string? Label, double LabelX, double LabelY);

/// <summary>
/// A workflow drawn from its connections, left to right: a node's column is the longest chain of connections leading to
/// it (triggers and unconnected nodes first), its row its order among the nodes of that column in the definition.
/// </summary>
public sealed record WorkflowGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, double Width, double Height)
{
    public const double NodeWidth = 180;
    public const double NodeHeight = 52;
    private const double ColumnGap = 80;
    private const double RowGap = 36;
    private const double Margin = 20;

    public static WorkflowGraph Of(WorkflowDefinition definition)
    {
        var names = definition.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var links = definition.Connections
            .Where(c => names.Contains(c.Key))
            .SelectMany(c => c.Value.Main.SelectMany((targets, output) => targets.Where(t => names.Contains(t.Node)).Select(t => (From: c.Key, To: t.Node, Output: output))))
            .Distinct()
            .ToList();

        // Longest path by relaxation, at most one pass per node so that a loop cannot push a column forever.
        var column = definition.Nodes.ToDictionary(n => n.Name, _ => 0, StringComparer.Ordinal);
        for (var pass = 0; pass < column.Count; pass++)
        {
            var moved = false;
            foreach (var (from, to, _) in links)
            {
                if (from != to && column[to] < column[from] + 1)
                {
                    column[to] = column[from] + 1;
                    moved = true;
                }
            }
            if (!moved)
            {
                break;
            }
        }

        var rows = new Dictionary<int, int>();
        var placed = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            if (placed.ContainsKey(node.Name))
            {
                continue;
            }
            var col = column[node.Name];
            var row = rows.GetValueOrDefault(col);
            rows[col] = row + 1;
            placed[node.Name] = new GraphNode(node.Name, node.Type, node.Disabled,
                Margin + col * (NodeWidth + ColumnGap), Margin + row * (NodeHeight + RowGap));
        }

        var outputs = links.GroupBy(l => l.From).ToDictionary(g => g.Key, g => g.Max(l => l.Output) + 1, StringComparer.Ordinal);
        var edges = links.Select(link =>
        {
            var from = placed[link.From];
            var to = placed[link.To];
            var (x1, y1) = (from.X + NodeWidth, from.Y + NodeHeight / 2);
            var (x2, y2) = (to.X, to.Y + NodeHeight / 2);
            var bend = Math.Max(40, Math.Abs(x2 - x1) / 2);
            var path = FormattableString.Invariant($"M {x1} {y1} C {x1 + bend} {y1}, {x2 - bend} {y2}, {x2} {y2}");
            var label = outputs[link.From] > 1 ? OutputLabel(definition.Node(link.From)?.Type, link.Output) : null;
            return new GraphEdge(link.From, link.To, link.Output, path, label, x1 + 6, y1 - 6 + link.Output * 12);
        }).ToList();

        var width = placed.Count == 0 ? 2 * Margin : placed.Values.Max(n => n.X) + NodeWidth + Margin;
        var height = placed.Count == 0 ? 2 * Margin : placed.Values.Max(n => n.Y) + NodeHeight + Margin;
        return new WorkflowGraph([.. placed.Values], edges, width, height);
    }

    /// <summary>An if's outputs are true and false (as in n8n); any other node's are numbered.</summary>
    private static string OutputLabel(string? type, int output) =>
        type == VersatileHub.Flow.Nodes.NodeTypes.If ? (output == 0 ? "true" : "false") : output.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
