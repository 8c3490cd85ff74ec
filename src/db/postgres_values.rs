//! Values of the PostgreSQL backend: a [`Value`] bound as the Rust type the server expects for
//! the parameter (it types each one from the statement), and result columns read back as
//! [`Value`]s, so stores see the same values as from SQLite.

use super::{Row, Value};
use postgres::types::{ToSql, Type};
use postgres::Statement;

pub(super) type Bound = Box<dyn ToSql + Sync + Send>;

pub(super) fn bind_all(statement: &Statement, params: &[Value]) -> Result<Vec<Bound>, String> {
    let types = statement.params();
    if types.len() != params.len() {
        return Err(format!(
            "запрос ждёт {} параметров, а передано {}",
            types.len(),
            params.len()
        ));
    }
    params
        .iter()
        .zip(types)
        .enumerate()
        .map(|(i, (value, ty))| bind(value, ty).map_err(|m| format!("параметр ${}: {m}", i + 1)))
        .collect()
}

/// `value` as the Rust type the server expects for a parameter of type `ty`: integers fit into
/// INT2/INT4/INT8 (or widen to a double), so a parameter the server typed narrower still binds.
fn bind(value: &Value, ty: &Type) -> Result<Bound, String> {
    let int = |v: i64| -> Result<Bound, String> {
        let range = || format!("число {v} не помещается в {ty}");
        Ok(match *ty {
            Type::INT8 => Box::new(v),
            Type::INT4 => Box::new(i32::try_from(v).map_err(|_| range())?),
            Type::INT2 => Box::new(i16::try_from(v).map_err(|_| range())?),
            Type::FLOAT8 => Box::new(v as f64),
            Type::FLOAT4 => Box::new(v as f32),
            Type::BOOL => Box::new(v != 0),
            _ => return Err(format!("целое число там, где сервер ждёт {ty}")),
        })
    };
    Ok(match value {
        Value::Null => null_of(ty),
        Value::Int(v) => int(*v)?,
        Value::Real(v) => match *ty {
            Type::FLOAT8 => Box::new(*v),
            Type::FLOAT4 => Box::new(*v as f32),
            _ => return Err(format!("дробное число там, где сервер ждёт {ty}")),
        },
        Value::Text(v) if is_text(ty) => Box::new(v.clone()),
        Value::Text(_) => return Err(format!("текст там, где сервер ждёт {ty}")),
        Value::Blob(v) if *ty == Type::BYTEA => Box::new(v.clone()),
        Value::Blob(_) => return Err(format!("байты там, где сервер ждёт {ty}")),
    })
}

/// A NULL the server accepts for a parameter of type `ty`.
fn null_of(ty: &Type) -> Bound {
    match *ty {
        Type::INT8 => Box::new(None::<i64>),
        Type::INT4 => Box::new(None::<i32>),
        Type::INT2 => Box::new(None::<i16>),
        Type::FLOAT8 => Box::new(None::<f64>),
        Type::FLOAT4 => Box::new(None::<f32>),
        Type::BOOL => Box::new(None::<bool>),
        Type::BYTEA => Box::new(None::<Vec<u8>>),
        _ => Box::new(None::<String>),
    }
}

fn is_text(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN
    )
}

pub(super) fn read_row(row: &postgres::Row) -> Result<Row, String> {
    (0..row.len())
        .map(|i| read_value(row, i))
        .collect::<Result<Vec<_>, _>>()
        .map(Row)
}

fn read_value(row: &postgres::Row, i: usize) -> Result<Value, String> {
    let column = &row.columns()[i];
    let ty = column.type_();
    let failed = |e: postgres::Error| format!("столбец «{}»: {e}", column.name());
    let value = match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)
            .map_err(failed)?
            .map(Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .map_err(failed)?
            .map(|v| Value::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map_err(failed)?
            .map(|v| Value::Int(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)
            .map_err(failed)?
            .map(Value::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)
            .map_err(failed)?
            .map(|v| Value::Real(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map_err(failed)?
            .map(|v| Value::Int(v.into())),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(i)
            .map_err(failed)?
            .map(Value::Blob),
        Type::VOID => None,
        ref t if is_text(t) => row
            .try_get::<_, Option<String>>(i)
            .map_err(failed)?
            .map(Value::Text),
        Type::NUMERIC => {
            return Err(format!(
                "столбец «{}» типа NUMERIC: приведите его к целому (CAST(… AS BIGINT))",
                column.name()
            ))
        }
        ref t => {
            return Err(format!(
                "столбец «{}»: тип {t} не поддерживается",
                column.name()
            ))
        }
    };
    Ok(value.unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_bind_to_narrower_columns_and_mismatches_are_named() {
        assert!(bind(&Value::Int(7), &Type::INT4).is_ok());
        assert!(bind(&Value::Int(1 << 40), &Type::INT4)
            .err()
            .is_some_and(|m| m.contains("не помещается")));
        assert!(bind(&Value::Int(1), &Type::TEXT)
            .err()
            .is_some_and(|m| m.contains("text")));
        assert!(bind(&Value::Null, &Type::TEXT).is_ok());
    }
}
