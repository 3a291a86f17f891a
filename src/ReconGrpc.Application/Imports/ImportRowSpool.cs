using ReconGrpc.Data;
using ReconGrpc.Plugins.Abstractions;

namespace ReconGrpc.Application.Imports;

/// <summary>
/// The rows an adapter read from a file, kept in a temporary file until the import's transaction stores them.
/// Reading the whole file ahead of the transaction means an adapter that hangs holds up only its own import: on
/// SQLite, one writer at a time, the write lock is taken only once every row is in hand. A file rather than a list
/// keeps the server's memory flat whatever the file's size. Deleted on dispose, and if the server dies first, on its
/// next start (<see cref="ImportSpoolFolder"/>).
/// </summary>
/// <remarks>
/// The format is private to one import and never outlives it: a tag per row, then its fields in a fixed order.
/// Every field of every SDK record must be written here; <c>ImportRowSpoolTests</c> fills each settable property
/// and fails when one does not come back.
/// </remarks>
internal sealed class ImportRowSpool : IAsyncDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly FileStream _stream;
    private readonly BinaryWriter _writer;

    public ImportRowSpool(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{ImportSpoolFolder.RowsPrefix}{Guid.NewGuid():N}{ImportSpoolFolder.Extension}");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = BufferBytes,
            Options = FileOptions.DeleteOnClose | FileOptions.SequentialScan,
        }.OwnerOnly();

        _stream = new FileStream(path, options);
        _writer = new BinaryWriter(_stream, System.Text.Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>Rows added so far.</summary>
    public long Count { get; private set; }

    public void Add(ImportRow row)
    {
        switch (row)
        {
            case RowError error:
                _writer.Write((byte)Tag.Error);
                _writer.Write(error.Line);
                WriteText(error.Field);
                _writer.Write(error.Reason);
                break;
            case RecordRow recordRow:
                WriteRecord(recordRow.Line, recordRow.Record);
                break;
            default:
                throw new ArgumentException($"An import row of an unknown kind ({row.GetType().Name}).", nameof(row));
        }

        Count++;
    }

    /// <summary>The rows in the order they were added. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<ImportRow> Replay()
    {
        _writer.Flush();
        _stream.Position = 0;
        using var reader = new BinaryReader(_stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (var i = 0L; i < Count; i++)
        {
            yield return ReadRow(reader);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }

    private void WriteRecord(long line, ImportRecord record)
    {
        _writer.Write((byte)TagOf(record));
        _writer.Write(line);
        WriteText(record.SourceId);
        switch (record)
        {
            case CategoryRecord category:
                _writer.Write(category.Code);
                _writer.Write(category.Name);
                break;
            case CustomerRecord customer:
                _writer.Write(customer.Code);
                _writer.Write(customer.Name);
                WriteText(customer.ShortName);
                WriteText(customer.Mnemonic);
                WriteText(customer.CategoryCode);
                WriteText(customer.CreditCode);
                WriteText(customer.TaxNumber);
                WriteText(customer.Bank);
                WriteText(customer.BankAccount);
                WriteText(customer.Address);
                WriteText(customer.Phone);
                WriteText(customer.Contact);
                WriteText(customer.Region);
                WriteText(customer.Industry);
                WriteDecimal(customer.CreditLimit);
                WriteInt(customer.PaymentTermDays);
                WriteDecimal(customer.DefaultTaxRate);
                WriteText(customer.SettlementMethod);
                WriteText(customer.ShipToAddress);
                break;
            case LedgerEntryRecord entry:
                WriteText(entry.CustomerCode);
                WriteText(entry.CustomerName);
                WriteText(entry.CustomerCreditCode);
                _writer.Write(entry.Date.DayNumber);
                _writer.Write((int)entry.DocumentType);
                _writer.Write(entry.Amount);
                WriteText(entry.DocumentNumber);
                WriteText(entry.VoucherNumber);
                WriteDecimal(entry.Debit);
                WriteDecimal(entry.Credit);
                WriteText(entry.Currency);
                WriteDate(entry.DueDate);
                WriteText(entry.Reference);
                WriteText(entry.Memo);
                break;
            case StatementLineRecord statementLine:
                _writer.Write(statementLine.Date.DayNumber);
                _writer.Write(statementLine.Amount);
                _writer.Write((int)statementLine.Convention);
                WriteInt((int?)statementLine.DocumentType);
                WriteText(statementLine.CounterpartyCode);
                WriteText(statementLine.CounterpartyName);
                WriteText(statementLine.CounterpartyCreditCode);
                WriteText(statementLine.CounterpartyAccount);
                WriteText(statementLine.DocumentNumber);
                WriteText(statementLine.VoucherNumber);
                WriteText(statementLine.Reference);
                WriteText(statementLine.Text);
                WriteText(statementLine.Currency);
                WriteDecimal(statementLine.Debit);
                WriteDecimal(statementLine.Credit);
                WriteDecimal(statementLine.Balance);
                WriteText(statementLine.Account);
                WriteInt((int?)statementLine.Purpose);
                WriteText(statementLine.SettlementId);
                break;
            case StatementBalanceRecord balance:
                _writer.Write((int)balance.Convention);
                WriteText(balance.StatementNumber);
                WriteText(balance.Account);
                WriteText(balance.Currency);
                WriteDate(balance.OpeningDate);
                WriteDecimal(balance.OpeningBalance);
                WriteDate(balance.ClosingDate);
                WriteDecimal(balance.ClosingBalance);
                WriteDecimal(balance.DeclaredCredits);
                WriteDecimal(balance.DeclaredDebits);
                WriteInt(balance.DeclaredCount);
                break;
            case OrderRecord order:
                _writer.Write(order.OrderNumber);
                _writer.Write(order.Date.DayNumber);
                _writer.Write(order.Amount);
                WriteText(order.CustomerCode);
                WriteText(order.CustomerName);
                WriteText(order.CustomerCreditCode);
                WriteText(order.Currency);
                WriteText(order.Status);
                WriteText(order.Reference);
                WriteText(order.Memo);
                WriteDecimal(order.RefundedAmount);
                WriteDecimal(order.ShippingAmount);
                WriteDecimal(order.DiscountAmount);
                WriteDecimal(order.TaxAmount);
                WriteDate(order.DueDate);
                WriteText(order.PaymentMethod);
                break;
        }
    }

    private static Tag TagOf(ImportRecord record) => record switch
    {
        CategoryRecord => Tag.Category,
        CustomerRecord => Tag.Customer,
        LedgerEntryRecord => Tag.LedgerEntry,
        StatementLineRecord => Tag.StatementLine,
        StatementBalanceRecord => Tag.StatementBalance,
        OrderRecord => Tag.Order,
        _ => throw new ArgumentException($"A record of an unknown kind ({record.GetType().Name}).", nameof(record)),
    };

    private static ImportRow ReadRow(BinaryReader reader)
    {
        var tag = (Tag)reader.ReadByte();
        var line = reader.ReadInt64();
        if (tag == Tag.Error)
        {
            var field = ReadText(reader);
            return new RowError(line, field, reader.ReadString());
        }

        var sourceId = ReadText(reader);
        ImportRecord record = tag switch
        {
            Tag.Category => new CategoryRecord(reader.ReadString(), reader.ReadString()) { SourceId = sourceId },
            Tag.Customer => new CustomerRecord(reader.ReadString(), reader.ReadString())
            {
                SourceId = sourceId,
                ShortName = ReadText(reader),
                Mnemonic = ReadText(reader),
                CategoryCode = ReadText(reader),
                CreditCode = ReadText(reader),
                TaxNumber = ReadText(reader),
                Bank = ReadText(reader),
                BankAccount = ReadText(reader),
                Address = ReadText(reader),
                Phone = ReadText(reader),
                Contact = ReadText(reader),
                Region = ReadText(reader),
                Industry = ReadText(reader),
                CreditLimit = ReadDecimal(reader),
                PaymentTermDays = ReadInt(reader),
                DefaultTaxRate = ReadDecimal(reader),
                SettlementMethod = ReadText(reader),
                ShipToAddress = ReadText(reader),
            },
            Tag.LedgerEntry => new LedgerEntryRecord(ReadText(reader), ReadText(reader), ReadText(reader),
                DateOnly.FromDayNumber(reader.ReadInt32()), (DocumentType)reader.ReadInt32(), reader.ReadDecimal())
            {
                SourceId = sourceId,
                DocumentNumber = ReadText(reader),
                VoucherNumber = ReadText(reader),
                Debit = ReadDecimal(reader),
                Credit = ReadDecimal(reader),
                Currency = ReadText(reader),
                DueDate = ReadDate(reader),
                Reference = ReadText(reader),
                Memo = ReadText(reader),
            },
            Tag.StatementLine => new StatementLineRecord(DateOnly.FromDayNumber(reader.ReadInt32()), reader.ReadDecimal(), (AmountConvention)reader.ReadInt32())
            {
                SourceId = sourceId,
                DocumentType = (DocumentType?)ReadInt(reader),
                CounterpartyCode = ReadText(reader),
                CounterpartyName = ReadText(reader),
                CounterpartyCreditCode = ReadText(reader),
                CounterpartyAccount = ReadText(reader),
                DocumentNumber = ReadText(reader),
                VoucherNumber = ReadText(reader),
                Reference = ReadText(reader),
                Text = ReadText(reader),
                Currency = ReadText(reader),
                Debit = ReadDecimal(reader),
                Credit = ReadDecimal(reader),
                Balance = ReadDecimal(reader),
                Account = ReadText(reader),
                Purpose = (LinePurpose?)ReadInt(reader),
                SettlementId = ReadText(reader),
            },
            Tag.StatementBalance => new StatementBalanceRecord((AmountConvention)reader.ReadInt32())
            {
                SourceId = sourceId,
                StatementNumber = ReadText(reader),
                Account = ReadText(reader),
                Currency = ReadText(reader),
                OpeningDate = ReadDate(reader),
                OpeningBalance = ReadDecimal(reader),
                ClosingDate = ReadDate(reader),
                ClosingBalance = ReadDecimal(reader),
                DeclaredCredits = ReadDecimal(reader),
                DeclaredDebits = ReadDecimal(reader),
                DeclaredCount = ReadInt(reader),
            },
            Tag.Order => new OrderRecord(reader.ReadString(), DateOnly.FromDayNumber(reader.ReadInt32()), reader.ReadDecimal())
            {
                SourceId = sourceId,
                CustomerCode = ReadText(reader),
                CustomerName = ReadText(reader),
                CustomerCreditCode = ReadText(reader),
                Currency = ReadText(reader),
                Status = ReadText(reader),
                Reference = ReadText(reader),
                Memo = ReadText(reader),
                RefundedAmount = ReadDecimal(reader),
                ShippingAmount = ReadDecimal(reader),
                DiscountAmount = ReadDecimal(reader),
                TaxAmount = ReadDecimal(reader),
                DueDate = ReadDate(reader),
                PaymentMethod = ReadText(reader),
            },
            _ => throw new InvalidDataException($"The row spool holds an unknown tag {(byte)tag}."),
        };
        return new RecordRow(line, record);
    }

    private void WriteText(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    private void WriteDecimal(decimal? value)
    {
        _writer.Write(value.HasValue);
        if (value is { } number)
        {
            _writer.Write(number);
        }
    }

    private void WriteInt(int? value)
    {
        _writer.Write(value.HasValue);
        if (value is { } number)
        {
            _writer.Write(number);
        }
    }

    private void WriteDate(DateOnly? value) => WriteInt(value?.DayNumber);

    private static string? ReadText(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static decimal? ReadDecimal(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadDecimal() : null;

    private static int? ReadInt(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;

    private static DateOnly? ReadDate(BinaryReader reader) => ReadInt(reader) is { } day ? DateOnly.FromDayNumber(day) : null;

    private enum Tag : byte
    {
        Error = 1,
        Category,
        Customer,
        LedgerEntry,
        StatementLine,
        Order,
        StatementBalance,
    }
}
