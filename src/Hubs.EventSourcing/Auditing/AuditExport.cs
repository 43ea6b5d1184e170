using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hubs.EventSourcing.Auditing;

/// <summary>Formats of <see cref="HubsAudit.ExportAsync(Stream, ExportFormat, ExportOptions, CancellationToken)"/> (field names and columns in docs/auditing.md).</summary>
public enum ExportFormat
{
    /// <summary>One JSON object per line, UTF-8, <c>\n</c>-terminated; the payload is the exact jsonb text as a JSON string.</summary>
    JsonLines,
    /// <summary>RFC 4180 CSV, UTF-8 without BOM, a header row, <c>\r\n</c> line ends, fields quoted when needed.</summary>
    Csv,
}

/// <summary>What <see cref="HubsAudit.ExportAsync(Stream, ExportFormat, ExportOptions, CancellationToken)"/> writes.</summary>
public sealed class ExportOptions
{
    /// <summary>One stream, or null (the default) for every stream.</summary>
    public string? StreamKey { get; init; }

    /// <summary>
    /// Adds an <c>upgraded</c> field to every row: the event as this release reads it (older versions upcast, see
    /// docs/versioning.md), as JSON. Never hashed; <c>payload</c> stays the stored text the hash covers. Default false.
    /// </summary>
    public bool IncludeUpgraded { get; init; }
}

/// <summary>Writes audited events row by row into a small reusable buffer, flushed to the output as it fills.</summary>
internal sealed class AuditExportWriter : IDisposable
{
    /// <summary>Export field names, in order: JSON Lines keys and CSV columns alike.</summary>
    public static readonly string[] Fields =
    [
        "stream", "version", "sequence", "type", "recordedAt", "actor", "reason", "source", "commandId", "correlationId",
        "causationId", "payload", "hash", "eventVersion", "checkpoint",
    ];

    /// <summary>The field added by <see cref="ExportOptions.IncludeUpgraded"/>, after <see cref="Fields"/>.</summary>
    public const string UpgradedField = "upgraded";

    private const int FlushAt = 64 * 1024;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _output;
    private readonly ExportFormat _format;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt + 4096);
    private readonly Utf8JsonWriter _json;

    private readonly bool _upgraded;

    /// <param name="output">Where rows go.</param>
    /// <param name="format">JSON Lines or CSV.</param>
    /// <param name="upgraded">True to add <see cref="UpgradedField"/> to every row.</param>
    public AuditExportWriter(Stream output, ExportFormat format, bool upgraded = false)
    {
        _output = output;
        _format = format;
        _upgraded = upgraded;
        _json = new Utf8JsonWriter(_buffer, JsonOptions);
        if (format == ExportFormat.Csv) WriteCsvRow(upgraded ? [.. Fields, UpgradedField] : Fields);
    }

    /// <param name="e">The stored event.</param>
    /// <param name="upgraded">The event as the library reads it today (JSON), when the writer was asked for it.</param>
    /// <param name="ct">Stops the write.</param>
    public async ValueTask WriteAsync(AuditedEvent e, string? upgraded, CancellationToken ct)
    {
        if (_format == ExportFormat.JsonLines) WriteJsonLine(e, upgraded);
        else if (_upgraded) WriteCsvRow([.. Row(e), upgraded ?? ""]);
        else WriteCsvRow(Row(e));
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

    private static string[] Row(AuditedEvent e) =>
    [
        e.StreamKey, Num(e.Version), Num(e.Sequence), e.EventType, e.RecordedAtText, e.Actor, e.Reason, e.Source, e.CommandId,
        e.CorrelationId, e.CausationId, e.Payload, e.Hash, Num(e.EventVersion), e.CheckpointSeal,
    ];

    private void WriteJsonLine(AuditedEvent e, string? upgraded)
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
        _json.WriteNumber(Fields[13], e.EventVersion);
        _json.WriteString(Fields[14], e.CheckpointSeal);
        // Also a string: the upgraded form is what the library folds, never what is hashed.
        if (_upgraded) _json.WriteString(UpgradedField, upgraded);
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
