using System.Data.Common;
using Microsoft.Data.Analysis;

namespace MlNotebooks.Features.Offline;

/// <summary>Reads a DuckDB result into a Microsoft.Data.Analysis DataFrame, one typed column per result column.</summary>
internal static class DataFrameReader
{
    public static DataFrame Read(DbDataReader reader)
    {
        var columns = new List<DataFrameColumn>();
        var setters = new List<Action<DbDataReader, int>>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            var type = reader.GetFieldType(i);
            switch (Type.GetTypeCode(type))
            {
                case TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.Byte or TypeCode.SByte or TypeCode.UInt16 or TypeCode.UInt32:
                    var l = new Int64DataFrameColumn(name); columns.Add(l);
                    setters.Add((r, c) => l.Append(r.IsDBNull(c) ? null : Convert.ToInt64(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))); break;
                case TypeCode.Single or TypeCode.Double or TypeCode.Decimal:
                    var d = new DoubleDataFrameColumn(name); columns.Add(d);
                    setters.Add((r, c) => d.Append(r.IsDBNull(c) ? null : Convert.ToDouble(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))); break;
                case TypeCode.Boolean:
                    var b = new BooleanDataFrameColumn(name); columns.Add(b);
                    setters.Add((r, c) => b.Append(r.IsDBNull(c) ? null : r.GetBoolean(c))); break;
                case TypeCode.DateTime:
                    var t = new DateTimeDataFrameColumn(name); columns.Add(t);
                    setters.Add((r, c) => t.Append(r.IsDBNull(c) ? null : DateTime.SpecifyKind(r.GetDateTime(c), DateTimeKind.Utc))); break;
                default:
                    if (type == typeof(DateTimeOffset))
                    {
                        var o = new DateTimeDataFrameColumn(name); columns.Add(o);
                        setters.Add((r, c) => o.Append(r.IsDBNull(c) ? null : ((DateTimeOffset)r.GetValue(c)).UtcDateTime)); break;
                    }
                    var s = new StringDataFrameColumn(name); columns.Add(s);
                    setters.Add((r, c) => s.Append(r.IsDBNull(c) ? null : Convert.ToString(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))); break;
            }
        }
        while (reader.Read())
            for (var i = 0; i < setters.Count; i++) setters[i](reader, i);
        return new DataFrame(columns);
    }
}
