using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VersatileHub.Tests.Fakes.Smtp;

/// <summary>A message the sink accepted: the envelope, the credentials it was sent with, and the raw DATA.</summary>
public sealed record SinkMessage(string From, IReadOnlyList<string> To, string? User, string? Password, string Data);

/// <summary>
/// A small SMTP server on a loopback port, enough of RFC 5321 for a real client: EHLO/HELO, AUTH PLAIN and LOGIN, MAIL,
/// RCPT, DATA (with dot-unstuffing), RSET, NOOP, QUIT. It keeps what it accepts and, while <see cref="Refuse"/> is set,
/// refuses every sender with a 550.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpSink()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<SinkMessage> Messages { get; } = new();

    /// <summary>While set, <c>MAIL FROM</c> is answered with a permanent 550.</summary>
    public bool Refuse { get; set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        string? from = null, user = null, password = null;
        var to = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 sink.test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink.test");
                        await writer.WriteLineAsync("250-AUTH PLAIN LOGIN");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "AUTH":
                        (user, password) = await AuthenticateAsync(argument, reader, writer);
                        break;
                    case "MAIL":
                        if (Refuse)
                        {
                            await writer.WriteLineAsync("550 5.7.1 Relaying refused by the test sink");
                            break;
                        }
                        from = Address(argument);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        if (from is null)
                        {
                            await writer.WriteLineAsync("503 5.5.1 MAIL first");
                            break;
                        }
                        to.Add(Address(argument));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        if (from is null || to.Count == 0)
                        {
                            await writer.WriteLineAsync("503 5.5.1 RCPT first");
                            break;
                        }
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }
                        Messages.Enqueue(new SinkMessage(from, [.. to], user, password, data.ToString()));
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The client hung up.
        }
    }

    private async Task<(string? User, string? Password)> AuthenticateAsync(string argument, StreamReader reader, StreamWriter writer)
    {
        var parts = argument.Split(' ', 2);
        string? user = null, password = null;
        switch (parts[0].ToUpperInvariant())
        {
            case "PLAIN":
                var response = parts.Length > 1 ? parts[1] : await PromptAsync("", reader, writer);
                var fields = Decode(response).Split('\0');
                (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
                break;
            case "LOGIN":
                user = Decode(parts.Length > 1 ? parts[1] : await PromptAsync("VXNlcm5hbWU6", reader, writer));
                password = Decode(await PromptAsync("UGFzc3dvcmQ6", reader, writer));
                break;
            default:
                await writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
                return (null, null);
        }
        await writer.WriteLineAsync(user is null ? "535 5.7.8 Authentication credentials invalid" : "235 2.7.0 Authentication successful");
        return (user, password);
    }

    private async Task<string> PromptAsync(string challenge, StreamReader reader, StreamWriter writer)
    {
        await writer.WriteLineAsync($"334 {challenge}");
        return await reader.ReadLineAsync(_stop.Token) ?? "";
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));

    /// <summary>The address in <c>FROM:&lt;a@b&gt; SIZE=..</c> or <c>TO:&lt;a@b&gt;</c>.</summary>
    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal);
        var end = argument.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? argument[(start + 1)..end] : argument[(argument.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
