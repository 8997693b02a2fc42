//! A spreadsheet of about `target` bytes as Excel writes one: a shared
//! string table and a sheet of rows mixing text and numbers (pseudo-random,
//! so it compresses as real figures do, not as a run of one digit).

use std::io::Write;
use zip::write::SimpleFileOptions;

const S: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn xlsx(target: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let names = [
        "North", "South", "East", "West", "Central", "Harbour", "Airport", "Station",
    ];
    let mut strings = format!("<sst xmlns=\"{S}\">");
    for name in names {
        strings.push_str(&format!("<si><t>{name} office</t></si>"));
    }
    strings.push_str("</sst>");
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // About 24 bytes of the zip per row (measured): rows for the target.
    let rows = target / 24;
    let mut sheet = String::with_capacity(rows * 160);
    sheet.push_str(&format!("<worksheet xmlns=\"{S}\"><sheetData>"));
    for r in 1..=rows {
        let office = next() % names.len() as u64;
        sheet.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>{office}</v></c><c r=\"B{r}\"><v>{}</v></c><c r=\"C{r}\"><v>{}.{:02}</v></c><c r=\"D{r}\"><v>{}</v></c></row>",
            next() % 100_000,
            next() % 10_000,
            next() % 100,
            next() % 1_000,
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("xl/workbook.xml", format!("<workbook xmlns=\"{S}\" xmlns:r=\"{R}\"><sheets><sheet name=\"Sales\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_owned()),
        ("xl/sharedStrings.xml", strings),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    for (name, text) in parts {
        out.start_file(name, options)?;
        out.write_all(text.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}
