import { describe, expect, it } from 'vitest'
import { addressGroup } from './address-group.js'

describe('addressGroup', () => {
  it('counts an IPv4 address as itself, also written as IPv6', () => {
    expect(addressGroup('192.0.2.7', 64)).toBe('192.0.2.7')
    expect(addressGroup('::ffff:192.0.2.7', 64)).toBe('192.0.2.7')
    expect(addressGroup('::FFFF:192.0.2.7', 64)).toBe('192.0.2.7')
  })

  it('counts every address of one IPv6 /64 as one client, and other /64s apart', () => {
    const one = [
      '2001:db8:1:2::1',
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0db8:0001:0002:1234:5678:9abc:def0',
      '2001:db8:1:2::1%eth0',
      '2001:db8:1:2:0:0:192.0.2.1',
    ].map((a) => addressGroup(a, 64))
    expect(new Set(one)).toEqual(new Set(['2001:db8:1:2:0:0:0:0/64']))
    expect(addressGroup('2001:db8:1:3::1', 64)).not.toBe(one[0])
    expect(addressGroup('::1', 64)).toBe('0:0:0:0:0:0:0:0/64')
  })

  it('follows the configured prefix, down to a single address at /128', () => {
    expect(addressGroup('2001:db8:1:2::1', 48)).toBe('2001:db8:1:0:0:0:0:0/48')
    expect(addressGroup('2001:db8:1:2::1', 56)).toBe(addressGroup('2001:db8:1:ff::9', 56))
    expect(addressGroup('2001:db8:1:2::1', 56)).not.toBe(addressGroup('2001:db8:1:100::1', 56))
    expect(addressGroup('2001:db8::1', 128)).not.toBe(addressGroup('2001:db8::2', 128))
  })

  it('leaves what is not an IP address as it is', () => {
    expect(addressGroup('unix:/tmp/sock', 64)).toBe('unix:/tmp/sock')
    expect(addressGroup('', 64)).toBe('')
  })
})
