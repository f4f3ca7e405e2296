using System.Data.Common;
using System.Text.Json;

namespace DqPlatform.Infrastructure.Queries.Exports;

/// <summary>A JSON array of objects, one per row, keyed by column name.</summary>
public sealed class JsonExport : ResultExport
{
    public override async Task<long> WriteAsync(DbDataReader reader, Stream output, ExportLimits limits, CancellationToken cancellationToken)
    {
        var names = ResultColumns.UniqueNames(reader).Select(n => JsonEncodedText.Encode(n)).ToArray();
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartArray();
        long rows = 0;
        while (reader.Read())
        {
            json.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                json.WritePropertyName(names[i]);
                ResultValues.Write(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken);
                Check(++rows, output, limits);
            }
            else
            {
                ++rows;
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        Check(rows, output, limits);
        return rows;
    }
}
