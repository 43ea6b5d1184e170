using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hubs.EventSourcing.Auditing;

/// <summary>Formats of <see cref="HubsAudit.ExportAsync"/> (field names and columns in docs/auditing.md).</summary>
public enum ExportFormat
{
    /// <summary>One JSON object per line, UTF-8, <c>\n</c>-terminated; the payload is the exact jsonb text as a JSON string.</summary>
    JsonLines,
    /// <summary>RFC 4180 CSV, UTF-8 without BOM, a header row, <c>\r\n</c> line ends, fields quoted when needed.</summary>
    Csv,
}

/// <summary>Writes audited events row by row into a small reusable buffer, flushed to the output as it fills.</summary>
internal sealed class AuditExportWriter : IDisposable
{
    /// <summary>Export field names, in order: JSON Lines keys and CSV columns alike.</summary>
    public static readonly string[] Fields =
    [
        "stream", "version", "sequence", "type", "recordedAt", "actor", "reason", "source", "commandId", "correlationId",
        "causationId", "payload", "hash", "checkpoint",
    ];

    private const int FlushAt = 64 * 1024;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _output;
    private readonly ExportFormat _format;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt + 4096);
    private readonly Utf8JsonWriter _json;

    public AuditExportWriter(Stream output, ExportFormat format)
    {
        _output = output;
        _format = format;
        _json = new Utf8JsonWriter(_buffer, JsonOptions);
        if (format == ExportFormat.Csv) WriteCsvRow(Fields);
    }

    public async ValueTask WriteAsync(AuditedEvent e, CancellationToken ct)
    {
        if (_format == ExportFormat.JsonLines) WriteJsonLine(e);
        else WriteCsvRow([e.StreamKey, Num(e.Version), Num(e.Sequence), e.EventType, e.RecordedAtText, e.Actor, e.Reason, e.Source,
            e.CommandId, e.CorrelationId, e.CausationId, e.Payload, e.Hash, e.CheckpointSeal]);
        if (_buffer.WrittenCount >= FlushAt) await FlushAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _output.WriteAsync(_buffer.WrittenMemory, ct).ConfigureAwait(false);
            _buffer.ResetWrittenCount();
        }
        await _output.FlushAsync(ct).ConfigureAwait(false);
    }

    public void Dispose() => _json.Dispose();

    private void WriteJsonLine(AuditedEvent e)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString(Fields[0], e.StreamKey);
        _json.WriteNumber(Fields[1], e.Version);
        _json.WriteNumber(Fields[2], e.Sequence);
        _json.WriteString(Fields[3], e.EventType);
        _json.WriteString(Fields[4], e.RecordedAtText);
        _json.WriteString(Fields[5], e.Actor);
        _json.WriteString(Fields[6], e.Reason);
        _json.WriteString(Fields[7], e.Source);
        _json.WriteString(Fields[8], e.CommandId);
        _json.WriteString(Fields[9], e.CorrelationId);
        _json.WriteString(Fields[10], e.CausationId);
        // A string, not an embedded object: re-serialising would not give back the exact text the hash covers.
        _json.WriteString(Fields[11], e.Payload);
        _json.WriteString(Fields[12], e.Hash);
        _json.WriteString(Fields[13], e.CheckpointSeal);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
    }

    private void WriteCsvRow(ReadOnlySpan<string> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) _buffer.Write(","u8);
            var v = values[i];
            if (v.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                Utf8(v);
                continue;
            }
            _buffer.Write("\""u8);
            Utf8(v.Replace("\"", "\"\"", StringComparison.Ordinal));
            _buffer.Write("\""u8);
        }
        _buffer.Write("\r\n"u8);
    }

    private void Utf8(string s)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(s, span));
    }

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
