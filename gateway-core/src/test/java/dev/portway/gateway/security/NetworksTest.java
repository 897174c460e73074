package dev.portway.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworksTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "10.0.0.0/8,        10.255.1.2,          true",
      "10.0.0.0/8,        11.0.0.1,            false",
      "192.168.1.0/26,    192.168.1.63,        true",
      "192.168.1.0/26,    192.168.1.64,        false",
      "203.0.113.7,       203.0.113.7,         true",
      "203.0.113.7,       203.0.113.8,         false",
      "0.0.0.0/0,         198.51.100.1,        true",
      "2001:db8::/32,     2001:db8:1::1,       true",
      "2001:db8::/32,     2001:db9::1,         false",
      "::1,               ::1,                 true",
      "10.0.0.0/8,        ::ffff:10.1.2.3,     true",
      "10.0.0.0/8,        2001:db8::1,         false",
      "2001:db8::/32,     10.0.0.1,            false",
      "10.0.0.0/8,        not-an-address,      false",
  })
  void containment(String cidr, String address, boolean contained) {
    assertThat(Networks.parse(List.of(cidr)).contains(address)).isEqualTo(contained);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/x", "example.com", "10.0.0.0/-1", "10.0.0.256"})
  void invalidEntriesAreRefusedWithoutALookup(String cidr) {
    assertThatThrownBy(() -> Networks.parse(List.of(cidr))).isInstanceOf(IllegalArgumentException.class);
  }
}
