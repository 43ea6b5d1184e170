using System.Text;
using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class ExportWriterTests
{
    private static readonly AuditedEvent Event = new("region:gd", 2, 17, "rd_intensity_reported",
        new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero).AddTicks(1230), "analyst:李", "a, \"b\"\nc", "NBS", "cmd", "corr", "",
        "{\"year\": 2022, \"source\": \"NBS\"}", "ab12");

    private static async Task<string> WriteAsync(ExportFormat format)
    {
        using var output = new MemoryStream();
        using (var writer = new AuditExportWriter(output, format))
        {
            await writer.WriteAsync(Event, null, CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task csv_quotes_only_fields_that_need_it_and_doubles_quotes()
    {
        var csv = await WriteAsync(ExportFormat.Csv);

        csv.ShouldBe(
            "stream,version,sequence,type,recordedAt,actor,reason,source,commandId,correlationId,causationId,payload,hash,eventVersion,checkpoint\r\n" +
            "region:gd,2,17,rd_intensity_reported,2026-01-14T08:00:00.000123Z,analyst:李,\"a, \"\"b\"\"\nc\",NBS,cmd,corr,," +
            "\"{\"\"year\"\": 2022, \"\"source\"\": \"\"NBS\"\"}\",ab12,1,\r\n");
    }

    [Fact]
    public async Task json_lines_carry_the_payload_as_its_exact_text_and_numbers_as_numbers()
    {
        var line = await WriteAsync(ExportFormat.JsonLines);

        line.ShouldBe(
            "{\"stream\":\"region:gd\",\"version\":2,\"sequence\":17,\"type\":\"rd_intensity_reported\",\"recordedAt\":\"2026-01-14T08:00:00.000123Z\"," +
            "\"actor\":\"analyst:李\",\"reason\":\"a, \\\"b\\\"\\nc\",\"source\":\"NBS\",\"commandId\":\"cmd\",\"correlationId\":\"corr\",\"causationId\":\"\"," +
            "\"payload\":\"{\\\"year\\\": 2022, \\\"source\\\": \\\"NBS\\\"}\",\"hash\":\"ab12\",\"eventVersion\":1,\"checkpoint\":\"\"}\n");
    }
}
